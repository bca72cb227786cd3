"""What a key makes Textual redraw: the footer draws the keys it shows again in its own row when
they change, with no layout of the screen; typing into a field wakes no screen but the one that
shows the card (one under it, woken, made Textual repaint the whole editor at every key)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from textual.message import Message
from textual.widgets import Input, TextArea

from perfcard_tui.app.widgets.key_footer import FooterKey, KeyFooter

CURRENT = "current-performance/primary-metric/current-value"
TARGET = "current-performance/primary-metric/target-value"
CODE = "optimization-approach/code-changes/before-slow"


def footer_keys(app: object) -> tuple[FooterKey, ...]:
    return app.screen.query_one(KeyFooter).keys  # type: ignore[attr-defined,no-any-return]


def shown(keys: tuple[FooterKey, ...]) -> list[str]:
    return [key.display for key in keys]


async def test_the_footer_follows_the_focus_and_lays_nothing_out_to_do_it(
    perf7: Path, ui: SimpleNamespace, monkeypatch
) -> None:
    """The keys shown change with the focus (a code area binds its own leave key); the footer
    draws them again in its row and asks for no layout of the screen (Textual's footer mounted
    a widget per key, and the whole screen was laid out at such a Tab)."""
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.focus_field(pilot, CURRENT)
        await ui.settle(pilot)
        in_input = footer_keys(app)
        assert "esc/f6" not in shown(in_input)
        assert "Save" in app.screen.query_one(KeyFooter).render().plain

        laid_out = ui.refreshes(
            monkeypatch,
            lambda widget, _, options: (
                options.get("layout")
                and any(isinstance(node, KeyFooter) for node in (widget, *widget.ancestors))
            ),
        )

        # another input shows the very same keys
        await ui.focus_field(pilot, TARGET)
        await ui.settle(pilot)
        assert footer_keys(app) == in_input

        # a code area binds its own leave key: the footer shows it
        owner = ui.field_widget(await ui.focus_field(pilot, CODE))
        owner.query_one(TextArea).focus()
        await ui.wait_for(
            pilot, lambda: "esc/f6" in shown(footer_keys(app)), what="the code's leave key"
        )

        # and back in an input, it goes again
        await ui.focus_field(pilot, CURRENT)
        await ui.wait_for(
            pilot, lambda: "esc/f6" not in shown(footer_keys(app)), what="the input's keys"
        )
        assert laid_out == []


async def test_a_click_on_a_footer_key_presses_it(perf7: Path, ui: SimpleNamespace) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        help_key = next(key for key in footer.keys if key.key == "f1")
        await pilot.click(KeyFooter, offset=(help_key.start + 1, 0))
        await ui.wait_for(
            pilot, lambda: type(app.screen).__name__ == "HelpScreen", what="the help screen"
        )


async def test_typing_tells_no_screen_under_the_editor(perf7: Path, ui: SimpleNamespace) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        under = [screen for screen in app.screen_stack if screen is not app.screen]
        assert under, "the editor is expected above the app's first screen"
        told: list[Message] = []
        for screen in under:
            post = screen.post_message

            def spy(message: Message, post=post) -> bool:  # type: ignore[no-untyped-def]
                told.append(message)
                return post(message)

            screen.post_message = spy  # type: ignore[method-assign]
        focused = await ui.focus_field(pilot, CURRENT)
        assert isinstance(focused, Input)
        await ui.type_text(pilot, " K1Q")
        await ui.settle(pilot)
        assert app.card.card.field(CURRENT).value.endswith(" K1Q")
        assert not told, f"screens under the editor were told {[type(m).__name__ for m in told]}"


async def test_the_rules_finding_what_they_found_before_lay_nothing_out_again(
    perf7: Path, ui: SimpleNamespace, monkeypatch
) -> None:
    """The rules run at every pause in typing; when they find what the form already shows, no
    field's findings box is updated (an update lays the whole form out again: a box's height may
    change), and the keys of the next burst are not kept waiting for it."""
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.focus_field(pilot, CURRENT)
        await ui.settle(pilot)
        laid_out = ui.refreshes(
            monkeypatch,
            lambda widget, _, options: options.get("layout") and widget.has_class("field-findings"),
        )
        before = list(app.card.findings)
        app.card.schedule_validation(immediately=True)
        await ui.settle(pilot)
        assert not app.card.validation_pending
        assert app.card.findings == before  # the same findings, again
        assert laid_out == []


def _new_card(folder: Path) -> Path:
    from perfcard_tui.core.template import builtin_template, new_card_text

    path = folder / "x.md"
    path.write_text(new_card_text(builtin_template(), "x"), encoding="utf-8")
    return path


async def test_a_section_opened_with_findings_shows_them_as_composed(
    tmp_path: Path, ui: SimpleNamespace, monkeypatch
) -> None:
    """A row's findings box is composed with the findings known, and the rows of the section
    shown before, on their way out, are not told the new one's: each box updated asked for a
    layout of the screen as the section opened."""
    from textual.widgets import Static

    app = ui.make_app(_new_card(tmp_path))
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.wait_for(pilot, lambda: bool(app.card.findings), what="the first check")
        await ui.settle(pilot)
        updated: list[str] = []
        update = Static.update

        def spy(box: Static, *args: object, **options: object) -> None:
            if box.has_class("field-findings"):
                updated.append(repr(box.parent))
            update(box, *args, **options)  # type: ignore[arg-type]

        monkeypatch.setattr(Static, "update", spy)
        await ui.focus_field(pilot, "current-performance/primary-metric/target-value")
        await ui.settle(pilot)
        shown = [str(box.render()) for box in app.screen.query(".field-findings.-shown")]
        assert any("Target measurement" in text for text in shown), shown
        assert updated == []


async def test_a_line_typed_above_a_finding_leaves_its_box_alone(
    tmp_path: Path, ui: SimpleNamespace, monkeypatch
) -> None:
    """A finding's line moves with every line typed above it, and the box under its field does
    not say the line: the box is not updated (each update lays the whole form out again)."""
    app = ui.make_app(_new_card(tmp_path))
    async with app.run_test(size=ui.SIZE) as pilot:
        summary = await ui.focus_field(pilot, "performance-issue/summary")
        assert isinstance(summary, TextArea)
        await ui.settle(pilot)
        below = ("performance-issue/value", "performance-issue/estimated-effort")
        laid_out = ui.refreshes(
            monkeypatch,
            lambda widget, _, options: (
                options.get("layout")
                and widget.has_class("field-findings")
                and getattr(ui.field_widget(widget), "field", None) is not None
                and ui.field_widget(widget).field.path in below
            ),
        )
        lines = app.card.card.line_of(below[0])
        await pilot.press("S", "l", "o", "w", "enter", "p", "a", "g", "e", "s")
        await ui.settle(pilot)
        assert app.card.card.line_of(below[0]) == lines + 1  # its finding's line moved
        assert any(f.field_path == below[0] for f in app.card.findings)
        assert laid_out == []


async def test_the_header_shows_modified_and_saved_without_a_layout(
    perf7: Path, ui: SimpleNamespace, monkeypatch
) -> None:
    """The subtitle follows the buffer (modified at the first key, saved at ctrl+s); the title's
    box is the header's row, so changing it asks for no layout of the screen."""
    from textual.widgets import Header

    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.focus_field(pilot, CURRENT)
        await ui.settle(pilot)
        header = app.screen.query_one(Header)
        laid_out = ui.refreshes(
            monkeypatch,
            lambda widget, _, options: (
                options.get("layout") and header in (widget, *widget.ancestors)
            ),
        )
        await ui.type_text(pilot, "!")
        await ui.wait_for(pilot, lambda: "modified" in app.sub_title, what="modified")
        await ui.save(pilot)
        await ui.wait_for(pilot, lambda: "saved" in app.sub_title, what="saved")
        await ui.settle(pilot)
        assert laid_out == []


async def test_a_resize_of_the_tree_keeps_its_lines_and_lays_nothing_out(
    perf7: Path, ui: SimpleNamespace, monkeypatch
) -> None:
    """Textual's tree drops every line it drew and asks for a layout of the screen at each
    Resize, the first included (right after the layout that drew it at that size): the
    section tree keeps them (a line is kept per width, so a new width draws new ones)."""
    from textual import events

    from perfcard_tui.app.widgets.section_tree import SectionTree

    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        tree = app.screen.query_one(SectionTree)
        laid_out = ui.refreshes(
            monkeypatch,
            lambda widget, _, options: widget is tree and options.get("layout"),
        )
        tree.post_message(events.Resize(tree.size, tree.virtual_size))
        await ui.settle(pilot)
        assert laid_out == []


async def test_the_footer_places_its_keys_at_the_width_it_is_drawn_at(
    perf7: Path, ui: SimpleNamespace
) -> None:
    """The keys are placed for the row's width when they are drawn (placed at the first
    Resize, the first frame's were placed for no width and the row was drawn twice)."""
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        assert footer_keys(app)[-1].end == ui.SIZE[0]  # the palette's key, at the right end
        await pilot.resize_terminal(100, 40)
        await ui.settle(pilot)
        keys = footer_keys(app)
        assert keys[-1].end == 100
        assert all(key.end <= keys[-1].start for key in keys[:-1])
