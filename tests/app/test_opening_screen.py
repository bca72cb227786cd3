"""The app's first screen lays itself out once for the size it opens at: the Resize Textual
posts to a new screen after the layout that drew it, at that same size, redoes nothing (Textual's
own screen answers it with the same whole-screen layout again); a Resize to another size, or any
later one, is handled as Textual does."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static

from perfcard_tui.app.app import PerfCardApp
from perfcard_tui.app.screens.opening import OpeningScreen


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("host")


async def _layouts(screen: Screen[None], resizes: list[Size]) -> list[int]:
    """How many times ``screen`` laid itself out from being pushed until a frame passed with
    none, then at each of ``resizes`` in turn."""
    app = _Host()
    async with app.run_test(size=(80, 24)) as pilot:
        layouts = 0

        def counted(_: Screen[object]) -> None:
            nonlocal layouts
            layouts += 1

        # heard by the app's own screen: a screen not yet pushed cannot subscribe
        screen.screen_layout_refresh_signal.subscribe(app.screen, counted, immediate=True)
        await app.push_screen(screen)
        for _ in range(50):  # (a screen that never stopped laying out would fail below)
            before = layouts
            await pilot.pause()
            if layouts == before:
                break
        else:
            raise AssertionError(f"the screen kept laying itself out: {layouts} layouts")
        counts = [layouts]
        for size in resizes:
            before = layouts
            screen.post_message(events.Resize(size, size))
            await pilot.pause()
            await pilot.pause()
            counts.append(layouts - before)
        return counts


async def test_it_lays_itself_out_once_fewer_than_textuals_own_screen() -> None:
    [opening] = await _layouts(OpeningScreen(), [])
    [textuals] = await _layouts(Screen(), [])
    assert 0 < opening < textuals


async def test_a_resize_after_its_first_lays_it_out() -> None:
    _, other_size, same_size = await _layouts(OpeningScreen(), [Size(100, 30), Size(80, 24)])
    assert other_size > 0 and same_size > 0


async def test_the_app_opens_on_it(perf7: Path) -> None:
    app = PerfCardApp(path=perf7, watch=False)
    async with app.run_test(size=(80, 24)):
        assert isinstance(app.screen_stack[0], OpeningScreen)
