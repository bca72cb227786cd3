"""The card's real headings as a tree, a badge per section, and the template sections it lacks."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ...core.display import safe_text
from ...core.model import Card
from ...core.status import Badge, SectionStatus
from ...core.template import Template, TemplateSection, match_sections
from .content_size import ContentSizedScrollbars

_BADGE_STYLE = {
    Badge.COMPLETE: ("✔", "green"),
    Badge.FILLED: ("", "dim"),
    Badge.WARNING: ("▲", "yellow"),
    Badge.ERROR: ("✖", "red"),
    Badge.EMPTY: ("", "dim"),
}


@dataclass(frozen=True)
class TreeEntry:
    """What a tree node stands for: a card section, or a template section the card lacks."""

    key: str
    missing: bool = False


def badge_text(status: SectionStatus | None) -> Text:
    if status is None:
        return Text("")
    mark, style = _BADGE_STYLE[status.badge]
    if status.badge is Badge.ERROR:
        return Text(f" {mark}{status.errors}", style=style)
    if status.badge is Badge.WARNING:
        return Text(f" {mark}{status.warnings}", style=style)
    if status.badge is Badge.FILLED:
        return Text(f" {status.filled}/{status.total}", style=style)
    return Text(f" {mark}", style=style)


# above this many sections the tree starts folded and makes a node's children when it is
# opened: a 50 MB card has 90,000 sections, and every node costs the tree on each rebuild
GROW_FROM = 2000


@dataclass(frozen=True)
class _Item:
    """A node to be: its key in ``_section_nodes``, its title and its entry."""

    node_key: str
    title: str
    entry: TreeEntry

    def label(self) -> Text:
        if self.entry.missing:
            label = Text.assemble(("+ ", "dim"), (self.title, "dim italic"))
            label.append(" (missing)", "dim")
            return label
        return Text(self.title)


class SectionTree(ContentSizedScrollbars, Tree[TreeEntry]):
    """Select a node to open its form; ``a`` adds a missing section, ``delete`` deletes one.

    Nodes are made when they can be seen: a card of up to :data:`GROW_FROM` sections has them
    all, opened; a bigger one starts with its top level, folded, and a node's children are made
    when it is opened (or a section under it is asked for)."""

    BINDINGS = [
        Binding("a", "add_missing", "Add section", tooltip="Add this missing template section"),
        Binding(
            "delete",
            "delete_section",
            "Delete section",
            tooltip="Delete this section with its subsections (ctrl+z brings it back)",
        ),
    ]

    class AddSection(Message):
        """The user asked to add a missing template section."""

        def __init__(self, template_key: str) -> None:
            super().__init__()
            self.template_key = template_key

    class DeleteSection(Message):
        """The user asked to delete a section of the card (with its subsections)."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None, read_only: bool = False) -> None:
        super().__init__("Card", id=id)
        self.read_only = read_only
        self.show_root = False
        self.guide_depth = 2
        self._section_nodes: dict[str, TreeNode[TreeEntry]] = {}
        self._titles: dict[str, str] = {}
        self._shape: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
        self._statuses: dict[str, SectionStatus] = {}
        self._children: dict[str, list[_Item]] = {}
        """A node's key ('' for the top) → what goes under it, made or not."""
        self._parent_of: dict[str, str] = {}
        """A node's key → its parent's ('' for the top)."""
        self._keys: list[str] = []
        self.wanted_width = 0
        """Columns that show every title whole (measured when the headings change)."""
        self._below: dict[str, SectionStatus] = {}
        """A section's key → the standing of it and everything under it, added up: what a
        folded node shows, so that folding hides neither a problem nor a field to fill."""

    _adding = False
    """Nodes are being added (the tree's own __init__ invalidates before ours runs)."""

    def _invalidate(self) -> None:
        # Textual's own hook (the version is pinned): every node added asks for a refresh of
        # the whole tree, and thousands of them took seconds; while nodes are being added they
        # ask nothing, and the adding asks once at the end
        if not self._adding:
            super()._invalidate()

    def on_resize(self, event: events.Resize) -> None:
        # Textual's own handler (the version is pinned) drops every line drawn and lays the
        # screen out again, on each Resize: the first comes right after the layout that drew
        # the tree at that very size, and cost every line drawn twice and a layout of the
        # screen as the editor opened. With nodes to show, nothing it redoes depends on the
        # size: a line is kept per width (a new width draws new ones), and the content's
        # width is the widest label's (an empty tree's is its own: Textual's handler then)
        if self.root.children:
            event.prevent_default()

    def process_label(self, label: str | Text) -> Text:
        # Textual's hook: it keeps a label's first line, as a copy. A section's label is one
        # line (a heading's title), made for this node alone: the copy was a third of the
        # time to add a 5 MB card's 2,500 top-level nodes
        if isinstance(label, Text) and "\n" not in label.plain:
            return label
        return super().process_label(label)

    @contextmanager
    def _adding_nodes(self) -> Iterator[None]:
        """Add nodes without a refresh each; one refresh when done."""
        self._adding = True
        try:
            yield
        finally:
            self._adding = False
            self._invalidate()

    def show_card(self, card: Card, template: Template) -> bool:
        """Rebuild the nodes if the card's sections changed (True), else leave them be."""
        keys = card.keys  # the very tuple as long as the headings stay: an identity check
        if keys is self._shape[0] or keys == self._shape[0]:
            return False  # same headings (keys are slugs of titles): same tree, same missing
        matched = match_sections(card, template)
        present = {t.key for t in matched.values()}
        missing = tuple(s.key for s in template.sections if s.key not in present)
        self._shape = (keys, missing)
        self._statuses = {}
        self._below = {}
        cursor = self.cursor_node.data if self.cursor_node else None
        self.root.set_label(Text(safe_text(card.title) or "Card"))
        self._plan(card, template, matched, missing)
        self.wanted_width = self._measure()
        with self._adding_nodes():
            self.clear()
            self._section_nodes.clear()
            self._grow(self.root, "", everything=len(keys) <= GROW_FROM)
        if cursor is not None:
            self.select_key(cursor.key, missing=cursor.missing)
        return True

    def _plan(
        self,
        card: Card,
        template: Template,
        matched: dict[str, TemplateSection],
        missing: tuple[str, ...],
    ) -> None:
        """What goes under each node (made when it is opened)."""
        children: dict[str, list[_Item]] = {}
        parents = card.parents
        parent_of = dict(parents)  # and the missing sections' nodes below
        keys: list[str] = []
        for section in card.sections:
            parent = parents.get(section.key)
            if parent is None:
                continue  # the preamble and the title: the root is the card
            title = safe_text(section.title)
            self._titles[section.key] = title
            keys.append(section.key)
            item = _Item(section.key, title, TreeEntry(section.key))
            children.setdefault(parent, []).append(item)
        # missing template sections, dimmed, under their parent when the card has it; a
        # missing section whose parent is missing too comes with its parent: list the parent
        by_template = {t.key: key for key, t in matched.items()}
        for tkey in missing:
            tsec = template.by_key(tkey)
            if tsec is None or tsec.parent_key in missing:
                continue
            parent = by_template.get(tsec.parent_key, "")
            parent = parent if parent in parent_of else ""
            node_key = f"missing:{tkey}"
            parent_of[node_key] = parent
            children.setdefault(parent, []).append(
                _Item(node_key, safe_text(tsec.title), TreeEntry(tkey, missing=True))
            )
        self._children, self._parent_of, self._keys = children, parent_of, keys

    def _grow(self, node: TreeNode[TreeEntry], key: str, *, everything: bool = False) -> None:
        """Make the nodes under ``node`` (all the way down when ``everything``)."""
        if node.children:
            return
        for item in self._children.get(key, ()):
            label = item.label()
            status = self._shown_status(item.node_key, folded=not everything)
            if status is not None:
                label.append_text(badge_text(status))
            if item.node_key in self._children:
                child = node.add(label, item.entry, expand=everything)
                if everything:
                    self._grow(child, item.node_key, everything=True)
            else:
                child = node.add_leaf(label, item.entry)
            self._section_nodes[item.node_key] = child

    @on(Tree.NodeExpanded)
    def _opened(self, event: Tree.NodeExpanded[TreeEntry]) -> None:
        entry = event.node.data
        if entry is not None and not entry.missing and not event.node.children:
            with self._adding_nodes():
                self._grow(event.node, entry.key)
        self._relabel(event.node)

    @on(Tree.NodeCollapsed)
    def _folded(self, event: Tree.NodeCollapsed[TreeEntry]) -> None:
        self._relabel(event.node)

    def _shown_status(self, key: str, *, folded: bool) -> SectionStatus | None:
        """A section's own standing; folded with sections under it, theirs added in: its
        problems and its fields filled of all, so its badge is the worst under it (an error
        anywhere is ✖, a placeholder left anywhere shows the count, ✔ only when all is)."""
        status = self._statuses.get(key)
        if status is None or not folded or key not in self._children:
            return status
        return self._below.get(key, status)

    def _relabel(self, node: TreeNode[TreeEntry]) -> None:
        entry = node.data
        if entry is None or entry.missing:
            return
        label = Text(self._titles.get(entry.key, entry.key))
        label.append_text(badge_text(self._shown_status(entry.key, folded=not node.is_expanded)))
        if label != node.label:  # a count the badge does not show: no line to draw again
            node.set_label(label)

    def get_label_width(self, node: TreeNode[TreeEntry]) -> int:
        """The label's width without rendering it: the tree asks for every line's width each
        time its lines change, and rendering 90,000 labels (a 50 MB card) took seconds."""
        label = node.label
        width = label.cell_len if isinstance(label, Text) else len(label)
        return width + (2 if node.allow_expand else 0)

    def show_statuses(
        self, statuses: dict[str, SectionStatus], below: dict[str, SectionStatus]
    ) -> None:
        """Take each section's standing, and a folded one's (``status.standing_below``, added
        up in the rules' worker); relabel only the nodes made so far whose badge may change (a
        node not made yet gets its badge when it is)."""
        old, old_below = self._statuses, self._below
        self._statuses, self._below = statuses, below
        for key, node in self._section_nodes.items():
            if old.get(key) != statuses.get(key) or old_below.get(key) != below.get(key):
                self._relabel(node)

    def select_key(self, key: str, *, missing: bool = False) -> None:
        """Put the cursor on a section's node, opening the folded sections above it: F8 goes
        through the card in order, and a node under a folded one is on no line of its own."""
        node = self.node_for(key, missing=missing)
        if node is None:
            return
        above = node.parent
        while above is not None and above is not self.root:
            if not above.is_expanded:
                above.expand()
            above = above.parent
        # The tree numbers its lines lazily: just rebuilt, a node has no line yet (-1), and
        # under a folded node it keeps the line it had before the fold (now another node's,
        # whose section the editor would open). Number them now: Textual is pinned, and this
        # property is what the tree itself reads on its next render.
        self._tree_lines  # noqa: B018
        self.move_cursor(node)

    def node_for(self, key: str, *, missing: bool = False) -> TreeNode[TreeEntry] | None:
        """The node of a card section (or of a missing template section), made (and the
        nodes above it opened) if it was not yet."""
        node_key = f"missing:{key}" if missing else key
        node = self._section_nodes.get(node_key)
        if node is not None or (node_key not in self._parent_of):
            return node
        chain: list[str] = []
        parent = self._parent_of[node_key]
        while parent:
            chain.append(parent)
            parent = self._parent_of.get(parent, "")
        with self._adding_nodes():
            for above in reversed(chain):
                above_node = self._section_nodes.get(above)
                if above_node is None:
                    return None
                self._grow(above_node, above)
                above_node.expand()
        return self._section_nodes.get(node_key)

    def _measure(self) -> int:
        """Columns that show every title whole, with its guides and a badge (`` ▲12``)."""
        depth: dict[str, int] = {"": -1}
        widest = 0
        for key in self._keys:  # parents come before their children
            depth[key] = depth.get(self._parent_of.get(key, ""), -1) + 1
            widest = max(widest, 2 * depth[key] + cell_len(self._titles.get(key, key)))
        return widest + 10  # the fold mark, a badge, the scrollbar and the border

    @property
    def section_keys(self) -> list[str]:
        """The card's sections in the tree, in order (missing ones left out), made or not."""
        return list(self._keys)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (self.read_only and action in ("add_missing", "delete_section"))

    def action_add_missing(self) -> None:
        node = self.cursor_node
        if node is not None and node.data is not None and node.data.missing:
            self.post_message(self.AddSection(node.data.key))
        else:
            self.notify("Only a missing (dimmed) section can be added", severity="warning")

    def action_delete_section(self) -> None:
        node = self.cursor_node
        if node is not None and node.data is not None and not node.data.missing:
            self.post_message(self.DeleteSection(node.data.key))
        else:
            self.notify("A missing (dimmed) section is not in the card", severity="warning")
