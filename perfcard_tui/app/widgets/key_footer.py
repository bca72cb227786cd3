"""The footer: the keys the screen and its focused widget answer to, drawn as one line.

Textual's ``Footer`` is a container of one widget per key, and mounts them all again whenever
the keys shown change (moving the focus from an input to a checklist box, a code area or a
table). Mounting lays the whole screen out again: about 30 ms of the 80-100 ms of CPU such a
Tab took (160x48), and 69 of the 287 layouts of the fill-card terminal test. :class:`KeyFooter`
is one widget of a fixed size: new keys are a repaint of its row, never a layout. It looks and
acts as Textual's footer does (the same component classes and theme variables; a key is pressed
by clicking it; a key that cannot act now is dimmed and rings the bell; the command palette's key
stays at the right end), and shows a key's tooltip while the pointer is over it.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

RULE = "▏"
"""Drawn left of the command palette's key, as Textual's footer draws its border there."""


class FooterKey(NamedTuple):
    """One key as the footer shows it, and the columns ``[start, end)`` it takes."""

    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str
    start: int = 0
    end: int = 0


def _parts(key: FooterKey, *, palette: bool = False) -> tuple[str, str]:
    """What a key shows: its key, padded as Textual's footer pads it, and its description
    (the palette's key, at the right end, is drawn tighter)."""
    if palette:
        return key.display, f" {key.description} " if key.description else ""
    return f" {key.display} ", f"{key.description} " if key.description else ""


class KeyFooter(Widget, can_focus=False):
    """The screen's keys on one row; repainted, never laid out, when they change."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "footer-key--key",
        "footer-key--description",
        "key-footer--hover",
        "key-footer--rule",
    }
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        & > .footer-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer-key--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .key-footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        & > .key-footer--rule {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[FooterKey, ...] = ()
        """The keys at the left, in order."""
        self._palette: FooterKey | None = None
        """The command palette's key, at the right end (None: the app has no palette)."""
        self._placed: tuple[int, tuple[FooterKey, ...]] = (-1, ())
        """The width the keys were last placed for, and the keys so placed."""
        self._hovered: str | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is not self.screen:
            return
        shown, palette = self._keys_shown()
        if (shown, palette) != (self._shown, self._palette):
            self._shown, self._palette = shown, palette
            self._placed = (-1, ())
            self.refresh()  # one row, the same size: a repaint, no layout

    def _keys_shown(self) -> tuple[tuple[FooterKey, ...], FooterKey | None]:
        """The keys with ``show`` set, one per action (its first key), as Textual's footer
        chooses them; and the command palette's key, if the app has the palette."""
        shown: dict[str, FooterKey] = {}
        palette: FooterKey | None = None
        for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items():
            entry = FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                enabled,
                tooltip or binding.tooltip or binding.description,
            )
            if key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE:
                palette = entry
            elif binding.show and binding.action not in shown:
                shown[binding.action] = entry
        return tuple(shown.values()), palette

    @property
    def keys(self) -> tuple[FooterKey, ...]:
        """The keys with the columns they take at the row's width, left to right, the command
        palette's last; a key that does not fit is not among them. Placed when asked for at a
        new width: placed on a Resize, the keys of the first frame were placed for no width
        and the row was drawn twice as the editor opened."""
        width = self.size.width
        if self._placed[0] != width:
            self._placed = (width, self._place(width))
        return self._placed[1]

    def _place(self, width: int) -> tuple[FooterKey, ...]:
        """Give each key its columns: the left ones while they fit before the palette's key,
        the last of them cut at its edge."""
        palette = self._palette
        right = cell_len(RULE + "".join(_parts(palette, palette=True))) if palette else 0
        room = max(width - right, 0)
        placed: list[FooterKey] = []
        start = 0
        for key in self._shown:
            if start >= room:
                break
            end = start + cell_len("".join(_parts(key)))
            placed.append(key._replace(start=start, end=min(end, room)))
            start = end
        if palette is not None:
            placed.append(palette._replace(start=room, end=room + right))
        return tuple(placed)

    def render(self) -> Text:
        line = Text(no_wrap=True, overflow="crop", end="")
        keys = self.keys
        for key in keys:
            palette = key is keys[-1] and self._palette is not None
            if palette:
                line.truncate(key.start, pad=True)
                line.append(RULE, self.get_component_rich_style("key-footer--rule"))
            line.append_text(self._key_text(key, palette=palette))
        line.truncate(self.size.width, pad=True)
        return line

    def _key_text(self, key: FooterKey, *, palette: bool) -> Text:
        key_style = self.get_component_rich_style("footer-key--key")
        description_style = self.get_component_rich_style("footer-key--description")
        if key.key == self._hovered:
            hover = self.get_component_rich_style("key-footer--hover")
            key_style, description_style = key_style + hover, description_style + hover
        if not key.enabled:
            dim = Style(dim=True)
            key_style, description_style = key_style + dim, description_style + dim
        shown, description = _parts(key, palette=palette)
        return Text.assemble((shown, key_style), (description, description_style))

    def key_at(self, x: int) -> FooterKey | None:
        """The key drawn at column ``x`` of the row, if any."""
        return next((k for k in self.keys if k.start <= x < k.end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self.key_at(event.x)
        hovered = key.key if key else None
        if hovered != self._hovered:
            self._hovered = hovered
            self.tooltip = key.tooltip if key else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hovered is not None:
            self._hovered = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
