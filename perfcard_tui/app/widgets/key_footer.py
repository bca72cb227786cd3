"""The footer, made again only when the keys it shows change.

Textual's ``Footer`` removes and mounts every one of its keys whenever the screen's bindings
may have changed, which is at every change of focus. Tab from one input to the next shows the
very same keys, yet rebuilding them (a widget each, styled as it mounts) took a fifth of the
editor's time while a card was filled from the keyboard (py-spy over the fill-card terminal
test). :class:`KeyFooter` compares what it would show with what it shows, and rebuilds only
when they differ.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer

# what a footer key shows of a binding, and whether it can be pressed
Shown = tuple[tuple[str, str, str, bool, str, str | None], ...]


class KeyFooter(Footer):
    """A ``Footer`` that keeps its keys while the bindings shown stay the same."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: Shown | None = None
        # Textual's Footer composes no keys until the screen first signals its bindings, then
        # composes them again: the whole screen laid out twice more as the editor opened
        # (33-56 ms each). The screens here give the focus while they compose, so the keys
        # are known when the footer is first composed.
        self._bindings_ready = True

    def compose(self) -> ComposeResult:
        self._shown = self._bindings_shown()
        yield from super().compose()

    async def recompose(self) -> None:
        # called by ``Footer.bindings_changed``, after the refresh that follows the change
        shown = self._bindings_shown()
        if shown != self._shown:
            self._shown = shown
            await super().recompose()

    def _bindings_shown(self) -> Shown:
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (
                binding.key,
                binding.action,
                binding.description,
                enabled,
                tooltip,
                binding.group.description if binding.group else None,
            )
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )
