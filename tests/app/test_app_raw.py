"""Raw mode (ctrl+r) through Pilot: the whole text typed is the section's body, never more, and
a text that would add or remove a heading waits for ctrl+o (docs/DECISIONS.md, 27)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from perfcard_tui.app.screens.delete_section import DeleteSectionScreen
from perfcard_tui.app.widgets.raw_section import RawSectionWidget
from perfcard_tui.app.widgets.section_tree import SectionTree
from perfcard_tui.core.template import builtin_template, new_card_text

KEY = "notes/resources"
ABOVE_RULE = "\n\n---\n"  # the empty line above Resources' `---`


@pytest.fixture
def new_card(tmp_path: Path) -> Path:
    """What `perfcard-tui new x.md` writes."""
    path = tmp_path / "x.md"
    path.write_text(new_card_text(builtin_template(), "x"), encoding="utf-8")
    return path


def raw_area(app) -> TextArea:
    return app.editor.query_one(RawSectionWidget).query_one(TextArea)


def held_notice(app) -> str:
    """The line under the raw area saying what a held text would do ('' when none is)."""
    notice = app.editor.query_one(RawSectionWidget).query_one(".raw-held", Static)
    return str(notice.render()) if notice.display else ""


async def open_raw(pilot, ui, key: str = KEY) -> TextArea:
    """Open a section, switch it to raw markdown and focus its text area."""
    app = pilot.app
    app.editor.open_section(key)
    await ui.settle(pilot)
    await pilot.press("ctrl+r")
    await ui.settle(pilot)
    area = raw_area(app)
    area.focus()
    await pilot.pause()
    return area


def cursor_to_line_above_rule(area: TextArea) -> None:
    lines = area.text.split("\n")
    area.move_cursor((lines.index("---") - 1, 0))


async def test_text_above_a_rule_is_held_then_applied_once(new_card: Path, ui) -> None:
    """The reported bug: `Links below.` typed above `---` (a setext heading), Enter, Enter,
    `More text`, ctrl+s wrote `Links below.` and `---` twice and a section nothing could
    delete."""
    original = new_card.read_text()
    body = "\n".join(original.split("### Resources\n", 1)[1].split("## Progress Notes")[:1])
    app = ui.make_app(new_card)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        area = await open_raw(pilot, ui)
        cursor_to_line_above_rule(area)
        await ui.type_text(pilot, "Links below.")
        await ui.settle(pilot)
        assert "would add the section 'Links below.'" in held_notice(app)
        assert app.card.card.text == original  # held: the card is not changed
        await pilot.press("enter", "enter")
        await ui.type_text(pilot, "More text")
        await ui.settle(pilot)
        assert "would add the section 'More text'" in held_notice(app)
        await ui.save(pilot)
        typed = body.replace(ABOVE_RULE, "\nLinks below.\n\n\n---\n", 1)
        assert new_card.read_text() == original.replace(body, typed, 1)
        await pilot.press("ctrl+o")
        await ui.settle(pilot)
        assert held_notice(app) == ""
        assert "more-text" in app.editor.query_one(SectionTree).section_keys
        assert any("added the section 'More text'" in n.text for n in ui.notices(app))
        await ui.save(pilot)
    typed = body.replace(ABOVE_RULE, "\nLinks below.\n\nMore text\n---\n", 1)
    assert new_card.read_text() == original.replace(body, typed, 1)


async def test_a_heading_typed_then_removed_changes_only_the_text(new_card: Path, ui) -> None:
    """An ATX heading typed is held; typed back into plain text it applies as typed."""
    original = new_card.read_text()
    app = ui.make_app(new_card)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        area = await open_raw(pilot, ui)
        area.move_cursor((2, 0))  # the empty line under "[Helpful performance resources]"
        await ui.type_text(pilot, "## Links")
        await ui.settle(pilot)
        assert "would add the section 'Links'" in held_notice(app)
        assert app.card.card.text == original
        await pilot.press("home", "delete", "delete", "delete")  # "Links": no heading now
        await ui.settle(pilot)
        assert held_notice(app) == ""
        await ui.save(pilot)
    resources = "[Helpful performance resources]\n"
    assert new_card.read_text() == original.replace(resources + "\n", resources + "Links\n", 1)


async def test_held_text_survives_leaving_the_section_and_the_raw_mode(new_card: Path, ui) -> None:
    original = new_card.read_text()
    app = ui.make_app(new_card)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        area = await open_raw(pilot, ui)
        area.move_cursor((area.document.line_count - 1, 0))
        await ui.type_text(pilot, "```")  # a fence left open swallows every heading below
        await ui.settle(pilot)
        assert "would remove the sections 'Progress Notes'" in held_notice(app)
        typed = raw_area(app).text
        await pilot.press("ctrl+r")  # back to the form: the text is kept, and it says so
        await ui.settle(pilot)
        assert any("is kept, not applied" in n.text for n in ui.notices(app))
        await pilot.press("f8")  # another section, and back
        await ui.settle(pilot)
        app.editor.open_section(KEY)
        await ui.settle(pilot)
        await pilot.press("ctrl+r")
        await ui.settle(pilot)
        assert raw_area(app).text == typed
        assert "would remove the sections 'Progress Notes'" in held_notice(app)
        assert app.card.card.text == original


async def test_delete_section_from_the_tree_asks_and_undoes(new_card: Path, ui) -> None:
    original = new_card.read_text()
    app = ui.make_app(new_card)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        tree = app.editor.query_one(SectionTree)
        app.editor.open_section("notes")
        await ui.settle(pilot)
        tree.focus()
        await pilot.press("delete")
        await ui.settle(pilot)
        assert isinstance(app.screen, DeleteSectionScreen)  # it has text: asked first
        await pilot.press("n")
        await ui.settle(pilot)
        assert app.card.card.text == original
        await pilot.press("delete")
        await ui.settle(pilot)
        await pilot.press("y")
        await ui.settle(pilot)
        text = app.card.card.text
        start = original.index("## Notes\n")
        end = original.index("## Progress Notes\n")
        assert text == original[:start] + original[end:]  # with its four subsections
        assert not any(k.startswith("notes") for k in tree.section_keys)
        assert app.editor.section_key == "progress-notes"
        await pilot.press("ctrl+z")
        await ui.settle(pilot)
        assert app.card.card.text == original
        assert "notes/resources" in tree.section_keys


async def test_delete_section_without_text_needs_no_question(new_card: Path, ui) -> None:
    text = new_card.read_text()
    start = text.index("### Resources\n") + len("### Resources\n")
    end = text.index("## Progress Notes\n")
    new_card.write_text(text[:start] + "\n" + text[end:])
    original = new_card.read_text()
    app = ui.make_app(new_card)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        app.editor.open_section(KEY)
        await ui.settle(pilot)
        app.editor.query_one(SectionTree).focus()
        await pilot.press("delete")
        await ui.settle(pilot)
        assert not isinstance(app.screen, DeleteSectionScreen)
        assert app.card.card.text == original.replace("### Resources\n\n", "", 1)
        assert any("Deleted 'Resources'" in n.text for n in ui.notices(app))


async def test_delete_section_is_in_the_palette(new_card: Path, ui) -> None:
    app = ui.make_app(new_card)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        app.editor.open_section(KEY)
        await ui.settle(pilot)
        command = next(
            c for c in app.get_system_commands(app.screen) if c.title == "Delete section"
        )
        command.callback()
        await ui.settle(pilot)
        assert isinstance(app.screen, DeleteSectionScreen)
        await pilot.press("enter")  # Keep has the focus: a stray Enter deletes nothing
        await ui.settle(pilot)
        assert KEY in app.card.card.section_index
