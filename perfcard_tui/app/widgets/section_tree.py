"""The card's real headings as a tree, a badge per section, and the template sections it lacks."""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ...core.display import safe_text
from ...core.model import Card
from ...core.parse import PREAMBLE_KEY, TITLE_KEY
from ...core.status import Badge, SectionStatus
from ...core.template import Template, TemplateSection, match_sections

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


class SectionTree(Tree[TreeEntry]):
    """Select a node to open its form; ``a`` adds a missing section."""

    BINDINGS = [
        Binding("a", "add_missing", "Add section", tooltip="Add this missing template section"),
    ]

    class AddSection(Message):
        """The user asked to add a missing template section."""

        def __init__(self, template_key: str) -> None:
            super().__init__()
            self.template_key = template_key

    def __init__(self, *, id: str | None = None, read_only: bool = False) -> None:
        super().__init__("Card", id=id)
        self.read_only = read_only
        self.show_root = False
        self.guide_depth = 2
        self._section_nodes: dict[str, TreeNode[TreeEntry]] = {}
        self._titles: dict[str, str] = {}
        self._shape: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
        self._statuses: dict[str, SectionStatus] = {}

    _adding = False
    """show_card is adding nodes (the tree's own __init__ invalidates before ours runs)."""

    def _invalidate(self) -> None:
        # Textual's own hook (the version is pinned): every node added asks for a refresh of
        # the whole tree, and 90,000 of them (a 50 MB card) took seconds; while show_card adds
        # its nodes they ask nothing, and it asks once at the end
        if not self._adding:
            super()._invalidate()

    def show_card(self, card: Card, template: Template) -> None:
        """Rebuild the nodes if the card's sections changed; otherwise leave them be."""
        keys = tuple(map(attrgetter("key"), card.sections))  # C-speed: 20,000 sections happen
        if keys == self._shape[0]:
            return  # same headings (keys are slugs of titles): same tree, same missing sections
        matched = match_sections(card, template)
        present = {t.key for t in matched.values()}
        missing = tuple(s.key for s in template.sections if s.key not in present)
        self._shape = (keys, missing)
        self._statuses = {}
        cursor = self.cursor_node.data if self.cursor_node else None
        self.clear()
        self._section_nodes.clear()
        self._adding = True
        try:
            self._add_nodes(card, template, matched, missing)
        finally:
            self._adding = False
            self._invalidate()
        if cursor is not None:
            self.select_key(cursor.key, missing=cursor.missing)

    def _add_nodes(
        self,
        card: Card,
        template: Template,
        matched: dict[str, TemplateSection],
        missing: tuple[str, ...],
    ) -> None:
        self.root.set_label(Text(safe_text(card.title) or "Card"))
        by_template = {t.key: key for key, t in matched.items()}
        # a missing section whose parent is missing too comes with its parent: list the parent only
        missing_parent = {
            tkey: by_template.get(tsec.parent_key, "")
            for tkey in missing
            if (tsec := template.by_key(tkey)) is not None and tsec.parent_key not in missing
        }
        has_children = {s.parent_key for s in card.sections} | set(missing_parent.values())
        parents: dict[str, TreeNode[TreeEntry]] = {"": self.root}
        for section in card.sections:
            if section.key in (PREAMBLE_KEY, TITLE_KEY):
                continue
            parent = parents.get(section.parent_key, self.root)
            entry = TreeEntry(section.key)
            title = safe_text(section.title)
            if section.key in has_children:
                node = parent.add(Text(title), entry, expand=True)
            else:
                node = parent.add_leaf(Text(title), entry)
            self._titles[section.key] = title
            parents[section.key] = node
            self._section_nodes[section.key] = node
        # missing template sections, dimmed, under their parent when the card has it
        for tkey, parent_key in missing_parent.items():
            tsec = template.by_key(tkey)
            assert tsec is not None
            title = safe_text(tsec.title)
            label = Text.assemble(("+ ", "dim"), (title, "dim italic"), (" (missing)", "dim"))
            node = parents.get(parent_key, self.root).add_leaf(label, TreeEntry(tkey, missing=True))
            self._section_nodes[f"missing:{tkey}"] = node

    def get_label_width(self, node: TreeNode[TreeEntry]) -> int:
        """The label's width without rendering it: the tree asks for every line's width each
        time its lines change, and rendering 90,000 labels (a 50 MB card) took seconds."""
        label = node.label
        width = label.cell_len if isinstance(label, Text) else len(label)
        return width + (2 if node.allow_expand else 0)

    def show_statuses(self, statuses: dict[str, SectionStatus]) -> None:
        """Relabel only the nodes whose standing changed (a 16x card has a thousand)."""
        for key, status in statuses.items():
            node = self._section_nodes.get(key)
            if node is None or self._statuses.get(key) == status:
                continue
            self._statuses[key] = status
            label = Text(self._titles.get(key, key))
            label.append_text(badge_text(status))
            node.set_label(label)

    def select_key(self, key: str, *, missing: bool = False) -> None:
        node = self.node_for(key, missing=missing)
        if node is None:
            return
        if node.line < 0:
            # just rebuilt: the tree numbers its lines lazily, and a cursor moved before that
            # lands on the first line (opening the first section). Number them now: Textual is
            # pinned, and this property is what the tree itself reads on its next render.
            self._tree_lines  # noqa: B018
        self.move_cursor(node)

    def node_for(self, key: str, *, missing: bool = False) -> TreeNode[TreeEntry] | None:
        """The node of a card section (or of a missing template section)."""
        return self._section_nodes.get(f"missing:{key}" if missing else key)

    @property
    def section_keys(self) -> list[str]:
        """The card sections shown, in order (missing ones left out)."""
        return [k for k in self._section_nodes if not k.startswith("missing:")]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (self.read_only and action == "add_missing")

    def action_add_missing(self) -> None:
        node = self.cursor_node
        if node is not None and node.data is not None and node.data.missing:
            self.post_message(self.AddSection(node.data.key))
        else:
            self.notify("Only a missing (dimmed) section can be added", severity="warning")
