"""ctrl+f finds text anywhere in the card and in its findings, and goes to what holds it (a
field, a table's cell, a paragraph or list item, the raw markdown) with the cursor at the match;
ctrl+f again offers the match after the one last gone to."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, OptionList, TextArea

from perfcard_tui.app.screens.search import SearchScreen, TypedMeanwhile
from perfcard_tui.app.widgets.fields import BlockWidget, TableFieldWidget
from perfcard_tui.app.widgets.raw_section import RawSectionWidget
from perfcard_tui.app.widgets.section_form import SectionForm

FREQUENCY = "current-performance/performance-impact/user-impact/frequency"
RESOURCE_USAGE = "current-performance/performance-impact/system-impact/resource-usage"


async def find(pilot, ui, query: str, count: int) -> SearchScreen:
    """ctrl+f, then ``query`` typed (over what is offered), until ``count`` matches show."""
    app = pilot.app
    await pilot.press("ctrl+f")
    await ui.wait_for(pilot, lambda: isinstance(app.screen, SearchScreen), what="the dialog")
    dialog = app.screen
    dialog.query_one(Input).value = ""
    await ui.type_text(pilot, query)
    await ui.wait_for(
        pilot,
        lambda: (
            dialog.hits_query == query
            and len(dialog.hits) == count
            and dialog.query_one(OptionList).option_count == count
        ),
        what=f"{count} matches of {query!r}",
    )
    return dialog


def on_field(ui, app, path: str) -> bool:
    owner = ui.field_widget(app.focused)
    return owner is not None and owner.field.path == path


def block_of(widget) -> BlockWidget | None:
    return next((a for a in getattr(widget, "ancestors", ()) if isinstance(a, BlockWidget)), None)


async def test_find_goes_to_the_field_then_on_to_the_next_and_back(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        dialog = await find(pilot, ui, "pgbouncer", 5)
        assert dialog.hits[0].field_path == FREQUENCY
        await pilot.press("enter")  # the first match
        await ui.wait_for(pilot, lambda: on_field(ui, app, FREQUENCY), what="Frequency")
        assert app.editor.section_key == "current-performance/performance-impact"
        box = app.focused
        assert isinstance(box, Input)
        assert box.value[box.cursor_position :].startswith("PgBouncer's pool")

        # ctrl+f enter: the next match
        await pilot.press("ctrl+f")
        await ui.wait_for(pilot, lambda: isinstance(app.screen, SearchScreen), what="the dialog")
        dialog = app.screen
        await ui.wait_for(pilot, lambda: len(dialog.hits) == 5, what="the same matches")
        assert dialog.query_one(OptionList).highlighted == 1
        assert "the one after the match you went to last" in str(
            dialog.query_one("#count").render()
        )
        await pilot.press("enter")
        await ui.wait_for(
            pilot,
            lambda: on_field(ui, app, RESOURCE_USAGE),
            what="Resource Usage",
        )

        # ↑ moves the highlight while the focus stays in the query: back to the first
        await pilot.press("ctrl+f")
        await ui.wait_for(pilot, lambda: isinstance(app.screen, SearchScreen), what="the dialog")
        dialog = app.screen
        shown = dialog.query_one(OptionList)
        await ui.wait_for(pilot, lambda: shown.highlighted == 2, what="the third highlighted")
        await pilot.press("up", "up", "up")  # past the first, it stays there
        assert shown.highlighted == 0
        assert isinstance(app.focused, Input) and app.focused.id == "query"
        await pilot.press("down", "up", "enter")
        await ui.wait_for(pilot, lambda: on_field(ui, app, FREQUENCY), what="Frequency")

        # another search starts at its first match
        dialog = await find(pilot, ui, "round trip", 5)
        assert dialog.query_one(OptionList).highlighted == 0


async def test_a_match_in_a_paragraph_focuses_it_and_typing_lands_there(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        dialog = await find(pilot, ui, "remaining 22%", 1)
        (hit,) = dialog.hits
        assert (hit.section_key, hit.field_path, hit.block) == (
            "root-cause/investigation-findings",
            "",
            2,
        )
        await pilot.press("enter")
        await ui.wait_for(pilot, lambda: block_of(app.focused) is not None, what="a paragraph")
        assert app.editor.section_key == "root-cause/investigation-findings"
        assert block_of(app.focused).index == 2
        area = app.focused
        assert isinstance(area, TextArea)
        assert area.cursor_location == (0, len("The "))
        await ui.type_text(pilot, "only ")
        await ui.settle(pilot)
        assert "\nThe only remaining 22% is DRF's" in app.card.card.text


async def test_a_match_in_a_list_item_puts_the_cursor_at_it(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await find(pilot, ui, "BENFRED", 1)
        await pilot.press("enter")
        await ui.wait_for(pilot, lambda: block_of(app.focused) is not None, what="the item")
        assert app.editor.section_key == "notes/resources"
        box = app.focused
        assert isinstance(box, Input) and block_of(box).item
        assert box.value[box.cursor_position :] == "benfred/py-spy"


async def test_a_match_in_a_table_focuses_its_cell(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        dialog = await find(pilot, ui, "505ms", 1)
        assert dialog.hits[0].where.endswith("row 2 › After")
        await pilot.press("enter")
        await ui.wait_for(
            pilot,
            lambda: isinstance(app.focused, Input) and app.focused.id == "cell-2-2",
            what="the focus in row 2's After",
        )
        assert isinstance(app.focused.parent.parent.parent, TableFieldWidget)
        assert app.focused.value == "505ms"


async def test_findings_are_found_and_a_hit_goes_where_they_point(card_dir: Path, ui) -> None:
    app = ui.make_app(card_dir / "PERF-9.md")
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        assert app.card.findings
        # in no line of the card: only a finding's message says it
        dialog = await find(pilot, ui, "marks it", 1)
        (hit,) = dialog.hits
        assert hit.finding is not None and hit.finding.code == "placeholder"
        assert hit.field_path == "performance-issue/summary"
        prompt = str(dialog.query_one(OptionList).get_option_at_index(0).prompt)
        assert prompt.startswith("error [placeholder] Performance Issue › Summary")
        await pilot.press("enter")
        await ui.wait_for(
            pilot,
            lambda: on_field(ui, app, "performance-issue/summary"),
            what="the field the finding is about",
        )
        # a finding about a list item (no field): the item is focused
        dialog = await find(pilot, ui, "'[What could be better]'", 1)
        assert dialog.hits[0].block == 1
        await pilot.press("enter")
        await ui.wait_for(pilot, lambda: block_of(app.focused) is not None, what="the item")
        assert app.editor.section_key == "root-cause/why-this-is-slow"
        assert block_of(app.focused).index == 1


async def test_in_raw_mode_the_cursor_goes_to_the_match_on_its_line(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        app.editor.open_section("root-cause/why-this-is-slow")
        await ui.settle(pilot)
        await pilot.press("ctrl+r")
        await ui.wait_for(pilot, lambda: bool(app.editor.query(RawSectionWidget)), what="raw")
        app.editor.open_section("notes")  # the section stays in raw mode
        await ui.settle(pilot)
        # the section's paragraph says "queries" before its second item does
        dialog = await find(pilot, ui, "queries", 25)
        item = next(
            n
            for n, hit in enumerate(dialog.hits)
            if hit.section_key == "root-cause/why-this-is-slow" and hit.block == 1
        )
        dialog.query_one(OptionList).highlighted = item
        await pilot.press("enter")
        await ui.wait_for(
            pilot,
            lambda: (
                isinstance(app.focused, TextArea)
                and isinstance(app.focused.parent, RawSectionWidget)
            ),
            what="the raw markdown",
        )
        area = app.focused
        row, col = area.cursor_location
        line = area.document.get_line(row)
        assert line.startswith("- The same data fits in 3 queries")
        assert line[col:].startswith("queries (one JOIN")


async def test_keys_typed_behind_enter_go_to_the_match(perf7: Path, ui) -> None:
    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        before = app.card.card.text
        dialog = await find(pilot, ui, "remaining 22%", 1)
        # as the terminal driver posts a fast typist's keys: all at once, before any is handled
        for key in ["enter", *"only", "space"]:
            app.post_message(
                events.Key(key, {"space": " "}.get(key, key if len(key) == 1 else None))
            )
        await ui.wait_for(
            pilot, lambda: "The only remaining 22%" in app.card.card.text, what="the typing"
        )
        await ui.settle(pilot)
        assert app.card.card.text == before.replace("The remaining 22%", "The only remaining 22%")
        assert dialog.typed == "remaining 22%"
        assert block_of(app.focused) is not None and block_of(app.focused).index == 2
        assert not app.editor.query(TypedMeanwhile)


async def test_keys_typed_while_the_form_is_built_wait_for_the_match(
    perf7: Path, ui, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The form is up but the focus is not yet in the paragraph (held here, as a slow build
    holds it): what is typed waits, then lands at the match, not in whatever had the focus."""
    app = ui.make_app(perf7)
    build_done = asyncio.Event()
    built = SectionForm.built

    async def slow_build(form: SectionForm) -> None:
        await built(form)
        await build_done.wait()

    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        before = app.card.card.text
        await find(pilot, ui, "remaining 22%", 1)
        monkeypatch.setattr(SectionForm, "built", slow_build)
        await pilot.press("enter")
        await ui.wait_for(
            pilot,
            lambda: app.screen is app.editor and len(app.editor.query(BlockWidget)) == 3,
            what="the paragraph's form",
        )
        await ui.type_text(pilot, "only ")
        assert app.card.card.text == before  # nothing typed anywhere yet
        build_done.set()
        await ui.wait_for(
            pilot, lambda: "The only remaining 22%" in app.card.card.text, what="the typing"
        )
        await ui.settle(pilot)
        assert app.card.card.text == before.replace("The remaining 22%", "The only remaining 22%")
        assert not app.editor.query(TypedMeanwhile)


async def test_slash_outside_text_fields_opens_find_with_what_follows_it(perf7: Path, ui) -> None:
    """/ where no text field has the focus (the tree) opens find, and the letters posted right
    behind it are the query; in a text field, / is typed."""
    from perfcard_tui.app.widgets.section_tree import SectionTree

    app = ui.make_app(perf7)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        field = await ui.focus_field(pilot, "current-performance/primary-metric/current-value")
        before = field.value
        await pilot.press("slash")
        await ui.settle(pilot)
        assert not isinstance(app.screen, SearchScreen) and field.value == before + "/"
        app.editor.query_one(SectionTree).focus()
        await ui.settle(pilot)
        for key in ("slash", "p", "g", "b"):  # at once, as a terminal hands them over
            app.post_message(events.Key(key, "/" if key == "slash" else key))
        await ui.wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, SearchScreen)
                and app.screen.query_one("#query", Input).value == "pgb"
            ),
            timeout=5,
            what="find open with the query typed behind the slash",
        )
