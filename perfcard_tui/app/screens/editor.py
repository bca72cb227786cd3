"""The editor: section tree | section form | live preview."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.geometry import Size
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Input, Static, TextArea

from ...core import section_edits
from ...core.buffer import Moved, located
from ...core.display import safe_text
from ...core.model import Card
from ...core.parse import PREAMBLE_KEY, TITLE_KEY
from ...core.section_edits import SectionsChange
from ..editor_handoff import Handoff
from ..messages import (
    Banner,
    CardChanged,
    CopyText,
    FieldEdited,
    FindingsChanged,
    ScreenReady,
    ShowsCard,
)
from ..open_card import OpenCard
from ..widgets.card_header import CardHeader
from ..widgets.key_footer import KeyFooter
from ..widgets.preview import CardPreview
from ..widgets.raw_section import RawSectionWidget
from ..widgets.row_edit_keys import RowEditKeys
from ..widgets.section_form import SectionForm
from ..widgets.section_tree import SectionTree, TreeEntry
from .delete_section import DeleteSectionScreen
from .quiet_focus import QuietFocus

if TYPE_CHECKING:
    from ...core.search import Hit
    from .bench_import import ImportChoice

# below these widths the preview becomes a toggle, then the tree folds away
NARROW_PREVIEW = 120
NARROW_TREE = 80
# the tree's width when the titles need no more (the stylesheet's #tree width)
TREE_WIDTH = 34


class EditorScreen(QuietFocus, Screen[None], ShowsCard):
    BINDINGS = [
        Binding(
            "ctrl+r", "toggle_raw", "Raw", tooltip="Edit this section as raw markdown, or as a form"
        ),
        Binding(
            "f2", "toggle_preview", "Preview", show=False, tooltip="Show or hide the live preview"
        ),
        Binding(
            "ctrl+b", "toggle_tree", "Tree", show=False, tooltip="Show or hide the section tree"
        ),
        Binding("f8,ctrl+down", "next_section", "Section", tooltip="Go to the next section"),
        Binding(
            "shift+f8,ctrl+up",  # not f7: text areas select all with it
            "previous_section",
            "Prev section",
            show=False,
            tooltip="Go to the previous section",
        ),
        Binding("f4", "next_finding", "Finding", tooltip="Jump to the next finding"),
        Binding(
            "shift+f4",
            "previous_finding",
            "Prev finding",
            show=False,
            tooltip="Jump to the previous finding",
        ),
        Binding(
            "ctrl+t",
            "review",
            "Review",
            show=False,
            tooltip="Switch to the read-only review of this card",
        ),
        # priority: the dialog opens as the key arrives, so the letters right behind it are the
        # query (they went into the field being left, while ctrl+f climbed to the app)
        Binding(
            "ctrl+f",
            "search",
            "Find",
            show=False,
            priority=True,
            tooltip="Find text anywhere in the card",
        ),
        # priority too; refused where a text field has the focus (/ is typed there)
        Binding(
            "slash",
            "search_from_outside_text",
            "Find",
            show=False,
            priority=True,
            tooltip="Find (where no text field has the focus)",
        ),
        Binding(
            "f3",
            "copy_section",
            "Copy section",
            show=False,
            tooltip="Copy this section as markdown",
        ),
        Binding(
            "ctrl+e",
            "edit_elsewhere",
            "$EDITOR",
            show=False,
            priority=True,  # else a text field's own ctrl+e (end of line; `end` still is) wins
            tooltip="Edit the focused field, else this section's markdown, in $VISUAL / $EDITOR",
        ),
    ]

    preview_shown: reactive[bool | None] = reactive(None)
    """None: decided by the terminal's width; True/False: the user's choice."""
    tree_shown: reactive[bool | None] = reactive(None)

    def __init__(self, card: OpenCard, *, goto: str | None = None) -> None:
        """``goto``: a field path to focus first (else the first section's first field)."""
        super().__init__(id="editor")
        self.open_card = card
        self.goto_path = goto
        self.section_key: str | None = None
        self.raw_sections: set[str] = set()
        self.raw_held: dict[str, str] = {}
        """Section key → markdown typed in raw mode and not applied, because it would change
        the card's sections (docs/DECISIONS.md, 27): kept here, so that leaving the section or
        the raw mode, or a rebuild of the form, loses none of it."""
        self._finding_index = -1
        self.searched = ""
        """What ctrl+f looked for last."""
        self.gone_to: Hit | None = None
        """The match ctrl+f last went to: the next search offers the one after it."""
        self.focus_pending_is_default = False
        """A focus of the open section's first field is waiting for its widgets."""
        self._opened_at: Size | None = None
        """The size the screen was opened at, until its first Resize."""
        self.handoff = Handoff(self)
        """ctrl+e's runs of $EDITOR, and the text the gate refused from them."""

    def compose(self) -> ComposeResult:
        yield CardHeader()
        yield Static(id="banner")
        key = self._first_key()
        first = None if key is None else (self.card, self.open_card.template, key, False)
        with Horizontal(id="panes"):
            yield SectionTree(id="tree")
            yield SectionForm(id="form", first=first)
            yield CardPreview(id="preview", held=True)
        yield KeyFooter()

    @property
    def card(self) -> Card:
        return self.open_card.card

    def on_mount(self) -> None:
        buffer = self.open_card.buffer
        if not buffer.writable:
            self.show_banner(
                "Read-only: this file cannot be written here. Edits stay in the buffer.", "warning"
            )
        elif buffer.is_new:
            self.show_banner(f"New card: {buffer.path} is created on the first save (ctrl+s).")
        self.show_card(rebuild=False)
        self._layout_for_width(self.size.width)
        self._opened_at = self.size
        key = self.query_one(SectionForm).section_key
        if key is None:
            self.app.post_message(ScreenReady())  # to the app itself, as below
            return
        # the form composed this section with itself: its field is focused now, before the
        # first frame is drawn, and the keys typed while the editor opened (held by the app
        # until then) flow into it
        self.open_section(key, focus=False, built=True)
        form = self.query_one(SectionForm)
        if not (self.goto_path and form.focus_path(self.card, self.goto_path)):
            form.focus_field()
        # to the app itself: bubbling, it would wait behind this screen's first frame
        self.app.post_message(ScreenReady())

    def _first_key(self) -> str | None:
        """The section shown first: the --goto field's, else the first in the tree."""
        path = self.goto_path
        key = self.card.section_of(path).key if path else None
        return key or next(iter(self._section_keys()), None)

    def on_resize(self, event: events.Resize) -> None:
        opened_at, self._opened_at = self._opened_at, None
        if event.size == opened_at:
            # the first Resize, at the size the panes were set for: Textual's news that its
            # first layout sized the screen, which it answers with the same layout again (its
            # own handler, after this one). That layout drew every cell: nothing is redone
            event.prevent_default()
            return
        self._layout_for_width(self.size.width)
        # every cell drawn again: Textual repaints only the widgets that moved, and a terminal
        # resized back and forth while frames for the old size were still arriving had lost
        # the rest (the real-terminal tier: a screen blank but for the row typed in)
        self.refresh()

    def _layout_for_width(self, width: int) -> None:
        preview = self.preview_shown if self.preview_shown is not None else width >= NARROW_PREVIEW
        tree = self.tree_shown if self.tree_shown is not None else width >= NARROW_TREE
        self.query_one("#preview").display = preview
        self.query_one("#tree").display = tree
        self._fit_tree(width)

    def _fit_tree(self, width: int) -> None:
        """The tree's width: narrow terminals give the form the room (the stylesheet's
        ``-narrow``); a wide one gives the tree what its titles need, up to a fifth."""
        tree_pane = self.query_one(SectionTree)
        tree_pane.set_class(width < NARROW_PREVIEW, "-narrow")
        if width >= NARROW_PREVIEW:
            tree_pane.styles.width = max(TREE_WIDTH, min(tree_pane.wanted_width, width // 5))
        else:
            tree_pane.styles.width = None

    def keys_landed(self) -> None:
        """The keys typed while the editor opened are in its form: the preview may render."""
        self.query_one(CardPreview).release()

    def watch_preview_shown(self) -> None:
        if self.is_mounted:
            self._layout_for_width(self.size.width)

    def watch_tree_shown(self) -> None:
        if self.is_mounted:
            self._layout_for_width(self.size.width)

    # -- the open card's news ----------------------------------------------------------------

    @on(CardChanged)
    def _card_changed(self, message: CardChanged) -> None:
        self.show_card(rebuild=message.rebuild, from_edit=message.from_edit)

    @on(FindingsChanged)
    def _findings_changed(self, message: FindingsChanged) -> None:
        if message.card is self.card:
            self.show_findings()

    @on(Banner)
    def _banner(self, message: Banner) -> None:
        self.show_banner(message.text, message.kind)

    def show_card(self, *, rebuild: bool = False, from_edit: bool = False) -> None:
        """The card changed (an edit, a reload): bring every pane in line with it."""
        card = self.card
        if self.query_one(SectionTree).show_card(card, self.open_card.template):
            self._fit_tree(self.size.width)  # the titles may want another width
        self.query_one(CardPreview).show_card(card)
        form = self.query_one(SectionForm)
        gone = self.section_key is not None and self.section_key not in card.section_index
        if gone:
            # renamed or removed (a reload, an undo): the form must not keep its widgets, whose
            # edits no section would take; the nearest section above it, else the first
            self.section_key = self._nearest_section(self.section_key or "")
        if self.section_key is not None and (gone or rebuild or form.needs_rebuild(card)):
            self.open_section(self.section_key, focus=False)
        else:
            form.sync(card, skip_focused=from_edit)

    def _nearest_section(self, key: str) -> str | None:
        """The section ``key`` was under that the card still has, else its first section."""
        index = self.card.section_index
        while "/" in key:
            key = key.rpartition("/")[0]
            if key in index:
                return key
        return next(iter(self._section_keys()), None)

    def show_findings(self) -> None:
        card, findings = self.card, self.open_card.findings
        self.query_one(SectionTree).show_statuses(self.open_card.statuses, self.open_card.below)
        self.query_one(SectionForm).show_findings(card, findings)

    def show_banner(self, text: str, kind: str = "info") -> None:
        banner = self.query_one("#banner", Static)
        banner.update(text)
        banner.set_classes(f"-{kind}" if text else "")
        banner.display = bool(text)

    def open_section(
        self,
        key: str,
        *,
        focus: bool = True,
        field_index: int | None = None,
        focus_path: str = "",
        built: bool = False,
    ) -> None:
        """Show a section's form; focus its first field, ``field_index`` or ``focus_path``
        once its widgets are built (``built``: the form composed it already)."""
        self.section_key = key
        form = self.query_one(SectionForm)
        card = self.card
        if not built:
            held = self._held(key)  # first: it may apply the held text; the form shows the card
            card = self.card
            form.show_section(card, self.open_card.template, key, key in self.raw_sections, held)
        form.show_findings(card, self.open_card.findings)
        self.query_one(SectionTree).select_key(key)
        self.query_one(CardPreview).scroll_to_section(key)
        if focus or field_index is not None or focus_path:
            self.focus_field(key, field_index, focus_path)

    def focus_field(
        self,
        key: str,
        field_index: int | None = None,
        focus_path: str = "",
    ) -> None:
        """Focus a field of the open section once its form is built: ``focus_path``, else the
        field at ``field_index``, else the first."""
        form = self.query_one(SectionForm)
        self.focus_pending_is_default = field_index is None and not focus_path

        async def focus_when_built() -> None:
            try:
                await form.built()
                # not on its way elsewhere; a path not found falls back to the first field
                here = self.section_key == key and form.is_attached
                if here and not (focus_path and form.focus_path(self.card, focus_path)):
                    if field_index is None and self._clicked_in(form):
                        return  # no field was asked for, and the person already chose one
                    form.focus_field(field_index)
            finally:
                self.focus_pending_is_default = False

        # a worker, exclusive: moving on to another section cancels the focus still pending
        self.run_worker(focus_when_built(), group="focus", exclusive=True)

    def _clicked_in(self, form: SectionForm) -> bool:
        """A field of the (new) form has focus: the old widgets are gone, so someone chose it."""
        return self.focused is not None and form in self.focused.ancestors

    def on_mouse_down(self) -> None:
        """The person points at something: a first-field focus still pending must not take the
        focus from what they click (it would land after their click, and type elsewhere)."""
        if self.focus_pending_is_default:
            self.workers.cancel_group(self, "focus")

    # -- events ----------------------------------------------------------------------------

    @on(SectionTree.NodeHighlighted)
    def _highlighted(self, event: SectionTree.NodeHighlighted[TreeEntry]) -> None:
        if event.node is not event.control.cursor_node:
            return  # stale: the tree was rebuilt, or the cursor moved on, since it was sent
        entry = event.node.data
        if entry is not None and not entry.missing and entry.key != self.section_key:
            self.open_section(entry.key, focus=False)

    @on(SectionTree.NodeSelected)
    def _selected(self, event: SectionTree.NodeSelected[TreeEntry]) -> None:
        entry = event.node.data
        if entry is None or entry.missing:
            return
        if entry.key == self.section_key:
            self.focus_field(entry.key)  # opened as the cursor reached it: no second build
        else:
            self.open_section(entry.key, focus=True)

    @on(SectionTree.AddSection)
    def _add_section(self, event: SectionTree.AddSection) -> None:
        self.add_section(event.template_key)

    def add_section(self, template_key: str) -> None:
        key = self.open_card.add_section(template_key)
        if key is not None:
            self.open_section(key)
            title = safe_text(self.card.section(key).title)
            self.notify(f"Added '{title}' at its template position", markup=False)

    @on(FieldEdited)
    def _edit(self, event: FieldEdited) -> None:
        event.stop()
        if not self.open_card.apply(event.edit):
            # a merged run's last text refused (half typed: a line that would be a heading):
            # the newest text of the run the gate takes goes in, as it had without the merge
            if not any(map(self.open_card.apply, reversed(event.superseded))):
                RowEditKeys.refused(self)  # a row edit's held keys: nothing will be rebuilt
            return
        key = event.edit.section_key
        if event.focus_index is not None and key in self.card.section_index:
            self.open_section(key, field_index=event.focus_index)

    # -- raw markdown ----------------------------------------------------------------------

    @on(RawSectionWidget.Edited)
    def _raw_edited(self, event: RawSectionWidget.Edited) -> None:
        """The whole text typed in a raw area becomes the section's body, unless it would
        change the sections: then it is held until the person confirms it."""
        event.stop()
        raw, key, text = event.raw, event.section_key, event.text
        if event.generation != raw.generation or key not in self.card.section_index:
            return  # typed into text the card has since replaced (its newer state follows)
        card = self.card
        try:
            after, change = section_edits.body_edit(card, key, text)
        except ValueError:  # refused (a control character): the open card says why, below
            after, change = None, None
        if change is not None and not event.confirmed:
            self.raw_held[key] = text
            raw.hold(change)
            return
        self.raw_held.pop(key, None)
        raw.hold(None)

        def make(current: Card) -> Card:
            if after is not None and current is card:
                return after
            return section_edits.set_body(current, key, text, restructure=True)

        # a structural change is not just typing: the other panes rebuild, the area re-reads
        if not self.open_card.change(make, "raw markdown", typed=change is None):
            return
        if change is not None:
            raw.sync(self.card.body(key))  # what follows a new heading is in its own section now
            title = safe_text(self.card.section(key).title)
            self.notify(
                f"{title}: {safe_text(change.describe(done=True))}", markup=False, timeout=6
            )

    def take_markdown(self, key: str, text: str, what: str) -> SectionsChange | None:
        """A section's markdown written whole elsewhere (ctrl+e's editor), taken as raw mode
        takes it but as one undo step of its own; raises ``edits.EditError`` when refused.
        Text that would change the sections is held (DECISIONS 27): the section opens in raw
        mode showing it, and what it would do is returned."""
        card = self.card
        after, change = section_edits.body_edit(card, key, text)
        was_held = self.raw_held.pop(key, None) is not None
        if change is not None:
            self.raw_held[key] = text
            self.raw_sections.add(key)
            self.open_section(key)
            return change
        self.open_card.change(
            lambda now: after if now is card else section_edits.set_body(now, key, text),
            what,
            typed=False,
        )
        if was_held and key == self.section_key:
            self.open_section(key)  # its raw area held the old text: it shows the card's now
        return None

    def _held(self, key: str) -> tuple[str, SectionsChange] | None:
        """The held text of a section, and what it would do to the card as it is now."""
        text = self.raw_held.get(key)
        if text is None or key not in self.card.section_index:
            return None
        try:
            _, change = section_edits.body_edit(self.card, key, text)
        except ValueError:
            change = None
        if change is None:
            # the card changed under it (undo, the disk) and it no longer changes the
            # sections: it is just text typed, kept by applying it
            del self.raw_held[key]
            self.open_card.change(
                lambda card: section_edits.set_body(card, key, text), "raw markdown", typed=False
            )
            return None
        return text, change

    # -- deleting a section ----------------------------------------------------------------

    @on(SectionTree.DeleteSection)
    def _delete_asked(self, event: SectionTree.DeleteSection) -> None:
        self.delete_section(event.key)

    def delete_section(self, key: str | None = None) -> None:
        """Delete a section with its subsections (the open one by default): at once when they
        hold nothing but headings, else once the person confirms. ctrl+z brings it back."""
        key = key or self.section_key
        card = self.card
        if key is None or key not in card.section_index:
            return
        if key in (PREAMBLE_KEY, TITLE_KEY):
            self.notify("Only a section under the card's title can be deleted", severity="warning")
            return
        if not section_edits.has_content(card, key):
            self._delete(key)
            return
        start, end = card.subtree_span(key)
        under = sum(1 for offset in card.offsets if start < offset < end)  # its subsections

        def answered(delete: bool | None) -> None:
            if delete:
                self._delete(key)

        self.app.push_screen(DeleteSectionScreen(card.section(key).title, under), answered)

    def _delete(self, key: str) -> None:
        keys = self._section_keys()
        at = keys.index(key) if key in keys else 0
        title = safe_text(self.card.section(key).title) if key in self.card.section_index else key
        if not self.open_card.change(
            lambda card: section_edits.delete_section(card, key), "delete section", typed=False
        ):
            return
        for held in [k for k in self.raw_held if k == key or k.startswith(key + "/")]:
            del self.raw_held[held]  # text typed in a section that is gone
        keys = self._section_keys()
        if keys:
            self.open_section(keys[min(at, len(keys) - 1)], focus=False)
        self.notify(f"Deleted '{title}': ctrl+z brings it back", markup=False)

    # -- finding text ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search_from_outside_text":
            return not isinstance(self.focused, Input | TextArea)
        return True

    def action_search_from_outside_text(self) -> None:
        self.action_search()

    def action_search(self) -> None:
        """ctrl+f: find text in the card and its findings; the last search is offered again,
        the match after the last one gone to highlighted (ctrl+f enter: the next match)."""
        from .search import SearchScreen, go_to

        findings = self.open_card.findings
        dialog = SearchScreen(self.card, self.searched, findings, self.gone_to)

        def chosen(hit: Hit | None) -> None:
            self.searched = dialog.typed
            if hit is not None:
                go_to(self, hit, dialog.typed)  # a paragraph too, the cursor at the match

        self.app.push_screen(dialog, chosen)

    # -- undo and redo ------------------------------------------------------------------------

    def show_step(self, step: Moved, *, undone: bool) -> None:
        """After an undo or redo, show where it was: its section opens with the focus on its
        field, and when that was not the section open, a notice says what changed there."""
        key, path = located(self.card, step.at)
        if key in (PREAMBLE_KEY, TITLE_KEY) or key not in self.card.section_index:
            return
        if key == self.section_key:
            # the form already shows the card as it is now (CardChanged rebuilt it only if its
            # fields changed): a rebuild here would take away the inputs the keys typed right
            # behind the undo are on their way to
            self.focus_field(key, focus_path=path)
            return
        self.open_section(key, focus_path=path)
        title = safe_text(self.card.section(key).title)
        again = "ctrl+y redoes" if undone else "ctrl+z undoes"
        self.notify(
            f"{'Undone' if undone else 'Redone'}: {step.what or 'an edit'}, in {title} ({again})",
            markup=False,
        )

    # -- importing benchmark results ----------------------------------------------------------

    def import_bench(self) -> None:
        """Import benchmark results… (the palette): the dialog previews, enter imports."""
        from ...core.bench.suggest import likely_side, row_names
        from .bench_import import BenchImportScreen

        if self.open_card.read_only:
            self.notify("Review is read-only: open the card in the editor to import")
            return
        card = self.card
        dialog = BenchImportScreen(card, Path.cwd(), row_names(card), likely_side(card))
        self.app.push_screen(dialog, self._import_chosen)

    def _import_chosen(self, choice: ImportChoice | None) -> None:
        from ...core.bench import ImportOutcome, import_results

        if choice is None:
            return
        done: list[ImportOutcome] = []

        def imported(card: Card) -> Card:
            # the card as it is now: the same import the dialog previewed, on today's text
            done.append(import_results(card, list(choice.sets), choice.options))
            return done[-1].card

        if not self.open_card.change(imported, "benchmark import", typed=False) or not done:
            return
        names = ", ".join(Path(s.source).name for s in choice.sets)
        changes = len(done[-1].changes)
        self.notify(
            f"Imported {len(done[-1].imported)} results from {names} as "
            f"{choice.options.side}: {changes} change{'s' if changes != 1 else ''} "
            "(ctrl+z undoes)",
            markup=False,
        )

    # -- actions ---------------------------------------------------------------------------

    def action_toggle_raw(self) -> None:
        key = self.section_key
        if key is None:
            return
        self.raw_sections ^= {key}
        self.open_section(key)
        if key not in self.raw_sections and key in self.raw_held:
            title = safe_text(self.card.section(key).title)
            self.notify(
                f"The markdown typed in '{title}' is kept, not applied: ctrl+r shows it again",
                severity="warning",
                markup=False,
            )

    def action_toggle_preview(self) -> None:
        self.preview_shown = not self.query_one("#preview").display

    def action_toggle_tree(self) -> None:
        self.tree_shown = not self.query_one("#tree").display

    def _section_keys(self) -> list[str]:
        return [s.key for s in self.card.sections if s.key not in (PREAMBLE_KEY, TITLE_KEY)]

    def _step_section(self, step: int) -> None:
        keys = self._section_keys()
        if not keys:
            return
        at = keys.index(self.section_key) if self.section_key in keys else -1
        self.open_section(keys[(at + step) % len(keys)])

    def action_next_section(self) -> None:
        self._step_section(1)

    def action_previous_section(self) -> None:
        self._step_section(-1)

    def _step_finding(self, step: int) -> None:
        findings = [f for f in self.open_card.findings if f.section_key]
        if not findings:
            self.notify("No findings: the card passes every rule")
            return
        self._finding_index = (self._finding_index + step) % len(findings)
        finding = findings[self._finding_index]
        self.goto(finding.section_key, finding.field_path)
        self.notify(
            f"{finding.severity.value}: {safe_text(finding.message)}",
            title=f"{self._finding_index + 1}/{len(findings)} [{finding.code}]",
            markup=False,
        )

    def action_next_finding(self) -> None:
        self._step_finding(1)

    def action_previous_finding(self) -> None:
        self._step_finding(-1)

    def goto(self, section_key: str, field_path: str = "") -> None:
        """Open a section and focus a field in it (its first field when no path is given)."""
        if section_key in self.card.section_index:
            self.open_section(section_key, focus_path=field_path)

    def action_review(self) -> None:
        # imported when asked for: the review's tables and the import markers it shows load
        # the benchmark-import package, which the editor's opening need not wait for
        from .review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.open_card, from_editor=True))

    async def action_edit_elsewhere(self) -> None:
        await self.handoff.run()

    def action_copy_section(self) -> None:
        if self.section_key is not None:
            start, end = self.card.subtree_span(self.section_key)
            self.post_message(CopyText(self.card.source(start, end), "section"))
