"""The app's first screen: the card's text as read (``widgets.first_frame``) while the editor
is built behind it."""

from __future__ import annotations

from textual import events
from textual.geometry import Size
from textual.screen import Screen


class OpeningScreen(Screen[None]):
    """The app's default screen. The Resize Textual posts after the layout it does when the
    screen resumes (its first showing), at that very size, redoes nothing, as the editor's
    does (DECISIONS 101): Textual's own handler answered it with the same whole-screen layout
    and paint again, on the UI thread while the editor was being built. A terminal's resize
    (another size, or any later Resize) is handled as Textual does."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._laid_out_at: Size | None = None

    def on_screen_resume(self) -> None:
        # runs before Screen's own handler, which lays the screen out at the app's size
        self._laid_out_at = self.app.size

    def on_resize(self, event: events.Resize) -> None:
        laid_out_at, self._laid_out_at = self._laid_out_at, None
        if event.size == laid_out_at:
            event.prevent_default()
