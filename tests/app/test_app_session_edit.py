"""Editing a logged session (issue 9): picked from the palette's "Edit logged session…", or f9
with the focus in an entry (the form shows an entry's Performance Notes as a field), opened in
the session form as it was written; ctrl+s rewrites only the parts changed, as one undo step.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.command import CommandList, CommandPalette
from textual.widgets import Input, Static, TextArea

from perfcard_tui.app.screens.session_log import SessionEditScreen, SessionLogScreen
from perfcard_tui.core.sessions import real_sessions

FIRST_AFTER = "- After: 310ms (p95)\n- Improvement: 26.2% less time\n"
SECOND_NOTES = "**Performance Notes:**\nWith 3 queries per page"


def palette_rows(app: Any) -> list[tuple[str, str]]:
    """What the palette lists: each row's text and help."""
    listing = app.screen.query_one(CommandList)
    rows = [listing.get_option_at_index(n) for n in range(listing.option_count)]
    return [(row.hit.text, row.hit.help or "") for row in rows]


async def open_the_list(pilot: Any, ui: Any) -> None:
    """ctrl+p, the command's name, enter: the palette lists the logged sessions."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await ui.wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), what="the palette")
    await ui.type_text(pilot, "Edit logged")
    await ui.wait_for(
        pilot,
        lambda: [t for t, _ in palette_rows(app)][:1] == ["Edit logged session…"],
        what="the command listed",
    )
    await pilot.press("enter")
    await ui.wait_for(
        pilot,
        lambda: isinstance(app.screen, CommandPalette) and len(palette_rows(app)) == 2,
        what="the logged sessions listed",
    )


async def edit_form(pilot: Any, ui: Any) -> SessionEditScreen:
    app = pilot.app
    await ui.wait_for(pilot, lambda: isinstance(app.screen, SessionEditScreen), what="the form")
    await ui.settle(pilot)
    return app.screen  # type: ignore[no-any-return]


def value(form: SessionEditScreen, key: str) -> str:
    widget = form.query_one(f"#{key}")
    return widget.text if isinstance(widget, TextArea) else widget.value  # type: ignore[attr-defined]


async def test_palette_lists_the_sessions_and_a_changed_after_rewrites_two_lines(
    perf7: Path, ui: Any
) -> None:
    original = perf7.read_text()
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await open_the_list(pilot, ui)
        rows = palette_rows(app)
        assert [t for t, _ in rows] == [
            "2026-11-21 (Dana Whitfield)",  # newest first
            "2026-11-18 (Dana Whitfield)",
        ]
        assert rows[1][1].startswith("line 401 · Captured the baseline on staging")
        await ui.type_text(pilot, "11-18")
        await ui.wait_for(
            pilot, lambda: [t for t, _ in palette_rows(app)][:1] == ["2026-11-18 (Dana Whitfield)"]
        )
        await pilot.press("enter")
        form = await edit_form(pilot, ui)
        # the entry as written
        assert value(form, "date") == "2026-11-18"
        assert value(form, "name") == "Dana Whitfield"
        assert value(form, "completed").splitlines()[0].startswith("Captured the baseline")
        assert (value(form, "before"), value(form, "after")) == ("420ms (p95)", "310ms (p95)")
        assert value(form, "improvement") == "26.2% less time"  # as written, not recomputed
        assert value(form, "next_steps").count("\n") == 1
        assert value(form, "notes").startswith("Removing 100 lazy FK loads")
        assert "Edit the session of 2026-11-18" in str(form.query_one(Static).render())
        after = form.query_one("#after", Input)
        assert app.focused is after
        after.value = ""
        await ui.type_text(pilot, "300ms (p95)")
        await ui.wait_for(
            pilot, lambda: value(form, "improvement") == "28.6% less time, 1.4x faster"
        )
        steps = len(app.card.buffer.history)
        await pilot.press("ctrl+s")
        await ui.wait_for(pilot, lambda: app.screen is app.editor, what="the form closed")
        await ui.settle(pilot)
        want = original.replace(
            FIRST_AFTER, "- After: 300ms (p95)\n- Improvement: 28.6% less time, 1.4x faster\n"
        )
        assert app.card.card.text == want
        assert len(app.card.buffer.history) == steps + 1
        assert any("Rewrote the session of 2026-11-18" in n.text for n in ui.notices(app))
        await pilot.press("ctrl+z")  # one step takes it all back
        await ui.settle(pilot)
        assert app.card.card.text == original
        await pilot.press("ctrl+y")
        await ui.settle(pilot)
        await ui.save(pilot)
    assert perf7.read_text() == want


async def test_f9_in_an_entrys_notes_opens_that_entry(perf7: Path, ui: Any) -> None:
    original = perf7.read_text()
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await ui.focus_field(pilot, "progress-notes/performance-notes-2")
        await pilot.press("f9")
        form = await edit_form(pilot, ui)
        assert value(form, "date") == "2026-11-21"
        notes = form.query_one("#notes", TextArea)
        notes.focus()
        notes.move_cursor((0, 0))
        await ui.type_text(pilot, "Re-measured. ")
        await pilot.press("ctrl+s")
        await ui.wait_for(pilot, lambda: app.screen is app.editor, what="the form closed")
        assert app.card.card.text == original.replace(
            SECOND_NOTES, "**Performance Notes:**\nRe-measured. With 3 queries per page"
        )
        # f9 anywhere else lists the sessions to pick from
        await ui.focus_field(pilot, "current-performance/primary-metric/current-value")
        await pilot.press("f9")
        await ui.wait_for(
            pilot,
            lambda: isinstance(app.screen, CommandPalette) and len(palette_rows(app)) == 2,
            what="the logged sessions listed",
        )


async def test_escape_asks_before_dropping_changes_and_writes_nothing(perf7: Path, ui: Any) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        text = app.card.card.text
        await open_the_list(pilot, ui)
        await pilot.press("enter")  # the newest
        form = await edit_form(pilot, ui)
        await pilot.press("escape")  # nothing typed: closes at once
        await ui.wait_for(pilot, lambda: app.screen is app.editor, what="the form closed")
        await pilot.press("f9")  # no entry in focus: the list again
        await ui.wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await ui.wait_for(pilot, lambda: len(palette_rows(app)) == 2)
        await pilot.press("enter")
        form = await edit_form(pilot, ui)
        await ui.type_text(pilot, "0")
        await pilot.press("escape")
        await ui.wait_for(pilot, lambda: app.screen is not form, what="the question")
        shown = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "Discard your changes to this session? The entry stays as it was." in shown
        await pilot.press("d")
        await ui.wait_for(pilot, lambda: app.screen is app.editor, what="the form closed")
        assert app.card.card.text == text
        # ctrl+s with nothing changed writes nothing and leaves no undo step
        await pilot.press("f9")
        await ui.wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await ui.wait_for(pilot, lambda: len(palette_rows(app)) == 2)
        await pilot.press("enter")
        await edit_form(pilot, ui)
        steps = len(app.card.buffer.history)
        await pilot.press("ctrl+s")
        await ui.wait_for(pilot, lambda: app.screen is app.editor, what="the form closed")
        assert app.card.card.text == text and len(app.card.buffer.history) == steps


async def test_a_refusal_keeps_the_form_open_with_what_was_typed(perf7: Path, ui: Any) -> None:
    """Completed holds a line the form cannot show: rewriting that part would lose it."""
    text = perf7.read_text().replace(
        "- Re-ran k6 steady_browse and heavy_merchant (spike not re-run yet)\n",
        "- Re-ran k6 steady_browse and heavy_merchant (spike not re-run yet)\n  see PR 2291\n",
    )
    perf7.write_text(text)
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await open_the_list(pilot, ui)
        await pilot.press("enter")
        form = await edit_form(pilot, ui)
        completed = form.query_one("#completed", TextArea)
        completed.focus()
        completed.move_cursor(completed.document.end)
        await pilot.press("enter")
        await ui.type_text(pilot, "Opened OPS-1184")
        await pilot.press("ctrl+s")
        await ui.settle(pilot)
        assert app.screen is form
        error = str(form.query_one("#error", Static).render())
        assert error.startswith("Completed: the entry holds 'see PR 2291' there")
        assert completed.text.endswith("\nOpened OPS-1184")
        assert app.focused is completed
        assert app.card.card.text == text
        # the same entry's other parts can still be changed
        completed.load_text(value(form, "completed").rsplit("\n", 1)[0])
        form.query_one("#issues", TextArea).load_text("one issue left")
        await pilot.press("ctrl+s")
        await ui.wait_for(pilot, lambda: app.screen is app.editor, what="the form closed")
        (_, second) = real_sessions(app.card.card)
        assert second.issues == ("one issue left",)
        assert "  see PR 2291\n" in app.card.card.text


async def test_no_logged_session_no_palette_entry(card_dir: Path, ui: Any) -> None:
    app = ui.make_app(card_dir / "PERF-9.md")  # only the template's example entry
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Log session" in titles and "Edit logged session…" not in titles
        await pilot.press("f9")
        await ui.wait_for(
            pilot,
            lambda: any("No session is logged" in n.text for n in ui.notices(app)),
            what="the notice",
        )
        assert app.screen is app.editor
        # and a new entry's form is not this one
        await pilot.press("ctrl+l")
        await ui.wait_for(pilot, lambda: isinstance(app.screen, SessionLogScreen))
        assert not isinstance(app.screen, SessionEditScreen)
