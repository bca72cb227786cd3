"""The app's first screen: the card's text as read (``widgets.first_frame``) while the editor
is built behind it."""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.screen import Screen


class OpeningScreen(Screen[None]):
    """The app's default screen. Its first Resize, at the size it was first laid out for,
    redoes nothing, as the editor's does (DECISIONS 101): Textual posts that Resize after the
    layout that drew the screen, and its own handler answered it with the same whole-screen
    layout and paint again, on the UI thread while the editor was being built. A terminal's
    resize (another size, or any later Resize) is handled as Textual does."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._first_layout: Size | None = None
        self._resized = False

    def on_screen_resume(self) -> None:
        # runs before Screen's own handler, which lays the screen out at the app's size
        if not self._resized and self._first_layout is None:
            self._first_layout = self.app.size

    def on_resize(self, event: events.Resize) -> None:
        first = not self._resized and event.size == self._first_layout
        self._resized = True
        if first:
            event.prevent_default()
