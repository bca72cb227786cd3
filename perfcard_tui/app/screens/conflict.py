"""The card changed on disk while the buffer has unsaved changes: show both, let the person choose.

Take disk, keep mine, or merge: changes to different sections apply together; a section both
sides changed is settled one by one (mine or theirs). The screen opens by itself, so it is an
:class:`UnbiddenDialog`: typing carried on into it chooses nothing.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from rich.syntax import Syntax
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Select, Static

from ...core.display import safe_text
from ...core.merge import MergePlan, plan_merge
from ...core.model import Card
from ..keystrokes import Keystrokes
from .unbidden import UnbiddenDialog


@dataclass
class Resolution:
    choice: str  # "disk", "mine" or "merge"
    merged: Card | None = None


def card_diff(theirs: Card, mine: Card, name: str) -> str:
    lines = difflib.unified_diff(
        theirs.text.splitlines(),
        mine.text.splitlines(),
        f"{name} (on disk)",
        f"{name} (yours)",
        lineterm="",
        n=2,
    )
    return "\n".join(lines) or "(no difference in text)"


class ConflictScreen(UnbiddenDialog[Resolution | None]):
    BINDINGS = [
        # each key acts only when pressed on its own (UnbiddenDialog.when_alone)
        Binding("d", "choose('disk')", "Take disk"),
        Binding("k", "choose('mine')", "Keep mine"),
        Binding("m", "merge", "Merge"),
        Binding("escape", "dismiss_none", "Decide later"),
    ]
    KEYS = {"disk": "d", "mine": "k", "merge": "m"}
    DEFAULT_CSS = """
    ConflictScreen { align: center middle; }
    ConflictScreen > Vertical {
        width: 95%;
        height: 90%;
        border: thick $error;
        background: $surface;
        padding: 0 1;
    }
    ConflictScreen #diff { height: 1fr; border: round $panel; }
    ConflictScreen #choices { height: auto; max-height: 12; }
    ConflictScreen .choice-row { height: auto; }
    ConflictScreen .choice-row Static { width: 1fr; padding: 1 0 0 0; }
    ConflictScreen .choice-row Select { width: 24; }
    ConflictScreen #buttons { height: auto; }
    ConflictScreen Button { margin: 0 1 0 0; }
    """

    def __init__(
        self, base: Card, mine: Card, theirs: Card, name: str, keystrokes: Keystrokes
    ) -> None:
        super().__init__(keystrokes)
        self.plan: MergePlan = plan_merge(base, mine, theirs)
        self.mine = mine
        self.theirs = theirs
        self.card_name = name

    def compose(self) -> ComposeResult:
        plan = self.plan
        if plan.structural:
            how = "Sections were added or removed, so a merge by section is not possible."
        elif plan.conflicts:
            how = (
                f"{len(plan.conflicts)} section(s) changed on both sides; merge asks which to keep."
            )
        else:
            how = "You and the disk changed different sections: merge keeps both."
        with Vertical():
            yield Static(
                Text.assemble(
                    (f"{safe_text(self.card_name)} changed on disk", "bold"),
                    f" while you have unsaved changes. {how} Taking the disk's version keeps "
                    "yours one ctrl+z away, and a copy of it in your state folder.",
                )
            )
            yield self.keys_hint()
            with VerticalScroll(id="diff"):
                yield Static(
                    Syntax(
                        safe_text(card_diff(self.theirs, self.mine, self.card_name)),
                        "diff",
                        word_wrap=True,
                    )
                )
            yield VerticalScroll(id="choices")
            with Horizontal(id="buttons"):
                yield Button("Take disk", id="disk", variant="warning")
                yield Button("Keep mine", id="mine", variant="primary")
                yield Button("Merge", id="merge", variant="success", disabled=plan.structural)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "merge":
            self._merge()
        elif event.button.id == "apply":
            self._apply_merge()
        elif event.button.id:
            self.dismiss(Resolution(event.button.id))

    def action_choose(self, choice: str) -> None:
        self.when_alone(lambda: self.dismiss(Resolution(choice)))

    def action_dismiss_none(self) -> None:
        self.when_alone(lambda: self.dismiss(None))

    def action_merge(self) -> None:
        self.when_alone(self._merge)

    def _merge(self) -> None:
        if self.plan.structural:
            self.notify(
                "Sections were added or removed: take disk or keep mine", severity="warning"
            )
            return
        if not self.plan.conflicts:
            self.dismiss(Resolution("merge", self.plan.apply()))
            return
        choices = self.query_one("#choices", VerticalScroll)
        if choices.children:
            self._apply_merge()
            return
        for key in self.plan.conflicts:
            title = self.theirs.section(key).title
            choices.mount(
                Horizontal(
                    Static(Text.assemble("Both changed: ", (safe_text(title), "bold"))),
                    Select(
                        [("keep mine", "mine"), ("take disk", "theirs")],
                        value="mine",
                        allow_blank=False,
                        id=f"pick-{len(choices.children)}",
                    ),
                    classes="choice-row",
                )
            )
        self.query_one("#buttons", Horizontal).mount(
            Button("Apply merge", id="apply", variant="success")
        )

    def _apply_merge(self) -> None:
        picks = {
            key: str(select.value)
            for key, select in zip(self.plan.conflicts, self.query(Select), strict=False)
        }
        self.dismiss(Resolution("merge", self.plan.apply(picks)))
