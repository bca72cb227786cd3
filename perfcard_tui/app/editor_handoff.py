"""ctrl+e: the focused field, or the open section's markdown, in the person's own editor
(``$VISUAL``, else ``$EDITOR``, else ``vi``), with the app suspended while it runs.

The text goes to a file of its own in a private temp folder (0700; the file 0600), named after
the card and the field, with an extension the editor can colour by. When the editor exits 0
with other text, it comes back through the door the form uses, as one undo step: a field's
value as its :class:`FormEdit` through the gate, a section's markdown as raw mode's is (held
until ctrl+o when it adds, removes or moves a heading: docs/DECISIONS.md, 27). Any other exit,
or the same text, changes nothing. Text the gate refuses is not dropped: the next ctrl+e on
that field opens it again, and a copy is set aside with the other dropped text.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App, SuspendNotSupported
from textual.message_pump import MessagePump
from textual.widget import Widget

from ..core import edits, form_edits
from ..core.display import safe_text
from ..core.form_edits import EditKind, FormEdit
from ..core.model import FieldKind
from ..core.parse import PREAMBLE_KEY
from .widgets.fields import FieldWidget
from .widgets.raw_section import RawSectionWidget
from .widgets.table_field import TableFieldWidget, cell_position

if TYPE_CHECKING:
    from .screens.editor import EditorScreen

FALLBACK_EDITOR = "vi"
_BREAKS = re.compile(r"\r\n|\r")
_NOT_IN_NAMES = re.compile(r"[^A-Za-z0-9]+")
_DRAIN_TIMEOUT = 2.0
_SETTLE_PASSES = 3

SUFFIXES = {
    **dict.fromkeys(("python", "py", "python3"), ".py"),
    **dict.fromkeys(("javascript", "js", "node"), ".js"),
    **dict.fromkeys(("typescript", "ts"), ".ts"),
    **dict.fromkeys(("go", "golang"), ".go"),
    **dict.fromkeys(("rust", "rs"), ".rs"),
    **dict.fromkeys(("ruby", "rb"), ".rb"),
    **dict.fromkeys(("sh", "bash", "shell", "zsh", "console"), ".sh"),
    **dict.fromkeys(("yaml", "yml"), ".yaml"),
    **dict.fromkeys(("c++", "cpp", "cxx"), ".cpp"),
    **dict.fromkeys(("csharp", "cs", "c#"), ".cs"),
    **dict.fromkeys(("kotlin", "kt"), ".kt"),
    **dict.fromkeys(("markdown", "md"), ".md"),
    **dict.fromkeys(("terraform", "hcl", "tf"), ".tf"),
    **{
        name: f".{name}"
        for name in (
            "c", "h", "java", "json", "toml", "sql", "html", "xml", "css", "scss", "lua",
            "php", "swift", "scala", "jsx", "tsx", "ini", "diff",
        )
    },
}  # fmt: skip
"""A code block's extension by its fence's language (its first word, as people write it)."""


def code_suffix(info: str | None) -> str:
    words = (info or "").split()
    return SUFFIXES.get(words[0].casefold(), ".txt") if words else ".txt"


def editor_command(environ: Any = os.environ) -> list[str]:
    """The editor's command line: ``$VISUAL``, else ``$EDITOR`` (either may carry arguments:
    ``code --wait``, ``emacs -nw``), else ``vi``. Raises ValueError for one shlex cannot
    split (an unclosed quote)."""
    for name in ("VISUAL", "EDITOR"):
        words = shlex.split(environ.get(name, ""))
        if words:
            return words
    return [FALLBACK_EDITOR]


# -- what is handed out --------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """What the editor is given: one field's value, or a section's markdown."""

    where: tuple[str, str]
    """("field", path) or ("section", key): the same thing at the next ctrl+e."""
    name: str
    """For notices: the field's label, the section's title."""
    suffix: str
    text: str
    """As the form shows it now (card text made safe, as every widget shows it)."""
    section_key: str
    edit: FormEdit | None = None
    """A field's edit, its value still to be filled in; None: the section's markdown."""

    def file_name(self, card: Path) -> str:
        slug = _NOT_IN_NAMES.sub("-", self.name).strip("-").lower()[:60] or "text"
        return f"{card.stem}.{slug}{self.suffix}"


def target_for(screen: EditorScreen) -> Target | None:
    """The focused field, else (the focus elsewhere: the tree, a paragraph that is no field,
    the raw area, a table's button) the open section's markdown; None when no section is open."""
    focused = screen.focused
    owner = next(
        (
            node
            for node in (focused.ancestors_with_self if focused is not None else ())
            if isinstance(node, FieldWidget | RawSectionWidget)
        ),
        None,
    )
    if isinstance(owner, FieldWidget) and focused is not None:
        found = _field_target(screen, owner, focused)
        if found is not None:
            return found
    key = screen.section_key
    if key is None or key not in screen.card.section_index:
        return None
    section = screen.card.section(key)
    held = screen.raw_held.get(key)  # what the raw area shows: the person's, not the card's
    title = section.title or ("Before the first heading" if key == PREAMBLE_KEY else "Title")
    text = held if held is not None else safe_text(screen.card.body(key))
    return Target(("section", key), title, ".md", text, key)


def _field_target(screen: EditorScreen, widget: FieldWidget, focused: Widget) -> Target | None:
    card, key, index = screen.card, widget.section_key, widget.index
    if key not in card.section_index or not 0 <= index < len(card.section(key).fields):
        return None
    section = card.section(key)
    field = section.fields[index]
    if isinstance(widget, TableFieldWidget):
        position = cell_position(focused)
        if position is None:
            return None
        row, column = position
        cells = [c for c in section.cells_of(field) if c.row == row]
        if column >= len(cells):
            return None
        cell = cells[column]
        name = f"{field.label or 'Table'}, row {row}, {cell.label}"
        edit = FormEdit(EditKind.SET_CELL, key, index, row=row, column=column)
        return Target(("field", cell.path), name, ".txt", safe_text(cell.value), key, edit)
    if field.kind is FieldKind.CODE:
        kind, suffix = EditKind.SET_CODE, code_suffix(field.info)
    else:
        kind, suffix = EditKind.SET_VALUE, ".md" if field.kind is FieldKind.PROSE else ".txt"
    name = f"{field.parent} › {field.label}" if field.parent else field.label
    edit = FormEdit(kind, key, index)
    return Target(("field", field.path), name, suffix, safe_text(field.value), key, edit)


# -- the editor's run ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Ran:
    """How the editor's run ended: its exit status and the file's text, or why not."""

    status: int | None = None
    text: str | None = None
    data: bytes = b""
    """What the file held, when it was not UTF-8 (kept as it is)."""
    failure: str = ""


def _ignore(signum: int, frame: object) -> None:
    """A signal the person meant for the editor."""


@contextlib.contextmanager
def _keyboard_signals_to_the_editor() -> Iterator[None]:
    """While the editor runs, the terminal is back in its own mode, where ctrl+c and ctrl+\\
    signal the whole foreground process group: this process too, where ctrl+c would end the
    app (asyncio cancels its main task). A handler that does nothing, not SIG_IGN: an ignored
    signal stays ignored in the editor, a handled one is reset to the default there."""
    saved: dict[signal.Signals, Any] = {}
    for number in (signal.SIGINT, signal.SIGQUIT):
        if signal.getsignal(number) is None:
            continue  # a handler not set from Python: it could not be put back
        try:
            saved[number] = signal.signal(number, _ignore)
        except ValueError:  # not the main thread: no signal reaches this code
            break
    try:
        yield
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler)


@contextlib.contextmanager
def _terminal_in_its_own_mode() -> Iterator[None]:
    """The terminal's line discipline back on for the editor: canonical input, echo, ctrl+c
    and the like. ``App.suspend`` restores the mode the app found, and the command line had
    already switched that off before the app started (``cli/keys_early``: keys typed during
    the start must reach the app), so an editor that does not set a mode of its own would
    get no echo and no ctrl+c. Flow control (ctrl+s, ctrl+q) is left off, as it was turned
    off there; the mode found is put back before the app takes the terminal again."""
    try:
        import termios
    except ImportError:  # not POSIX
        yield
        return
    try:
        fd = sys.__stdin__.fileno() if sys.__stdin__ else -1  # what the driver reads
        found = termios.tcgetattr(fd)
    except (AttributeError, ValueError, OSError, termios.error):  # not a terminal
        yield
        return
    mode = termios.tcgetattr(fd)
    mode[0] |= termios.ICRNL
    mode[3] |= termios.ICANON | termios.ECHO | termios.ISIG | termios.IEXTEN
    try:
        termios.tcsetattr(fd, termios.TCSANOW, mode)
    except termios.error:
        yield
        return
    try:
        yield
    finally:
        with contextlib.suppress(termios.error):
            termios.tcsetattr(fd, termios.TCSANOW, found)


def run_in_terminal(app: App[Any], command: list[str]) -> int:
    """Run ``command`` on the app's terminal until it exits; its exit status. As
    ``App.suspend`` documents it: on the UI thread, the app suspended (its input stopped, the
    terminal as it was before the app started), then redrawn; there is nothing to draw
    meanwhile. Raises ``SuspendNotSupported`` (headless, Textual Web) and ``OSError`` (no such
    program), the latter only once the app is back."""
    failed: OSError | None = None
    with app.suspend(), _terminal_in_its_own_mode(), _keyboard_signals_to_the_editor():
        try:
            status = subprocess.run(command, check=False).returncode
        except OSError as error:  # raised in here, it would leave the app suspended
            failed = error
    if failed is not None:
        raise failed
    return status


def edit_text(app: App[Any], command: list[str], name: str, text: str) -> Ran:
    """Hand ``text`` to the editor as the file ``name`` and read back what it left there. The
    folder and the file are removed whatever happens."""
    # a text file's last line ends with a break: editors add one, and it is taken off again
    added = not text.endswith("\n")
    folder = Path(tempfile.mkdtemp(prefix="perfcard-tui-"))  # 0700
    try:
        path = folder / name
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write((text + "\n" if added else text).encode("utf-8"))
        try:
            status = run_in_terminal(app, [*command, str(path)])
        except SuspendNotSupported:
            return Ran(failure="this terminal cannot be handed to an editor (no suspend here)")
        except OSError as error:
            return Ran(failure=f"could not start {command[0]}: {error.strerror or error}")
        if status != 0:
            return Ran(status)
        data = path.read_bytes()
    except OSError as error:
        return Ran(failure=f"the temporary file failed: {error}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    try:
        written = data.decode("utf-8")
    except UnicodeDecodeError:
        return Ran(status, data=data)
    return Ran(status, _from_file(written, text, added=added))


def _from_file(written: str, handed: str, *, added: bool) -> str:
    if written.startswith("\ufeff") and not handed.startswith("\ufeff"):
        written = written[1:]  # an editor that marks its UTF-8
    written = _BREAKS.sub("\n", written)  # the card's own line endings are the splice's
    if added:
        return written.removesuffix("\n")
    if written and not written.endswith("\n"):
        # an editor set not to end the last line: the section's last line would run into the
        # next heading
        written += "\n"
    return written


# -- the hand-off --------------------------------------------------------------------------------


async def _drain(node: MessagePump) -> None:
    """Wait until ``node`` has handled what is queued to it now."""
    done = asyncio.Event()
    if node.call_later(done.set):
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), _DRAIN_TIMEOUT)


async def typed_so_far(screen: EditorScreen) -> None:
    """Let the keys typed before ctrl+e reach the card first. The binding is a priority one (a
    text field's own ctrl+e, end of line, would take it otherwise), so it acts as the key
    arrives, with the keys just ahead of it maybe still queued to the field and their edit
    climbing to the screen a node at a time. A pass waits for each node from the focused
    widget up to the screen; a key's edit is made two steps after it (the field's ``Changed``,
    then its widget's ``FieldEdited``, each posted behind the pass that made it), so the
    third pass sees it applied."""
    focused = screen.focused
    if focused is None:
        return
    nodes = [node for node in focused.ancestors_with_self if not isinstance(node, App)]
    for _ in range(_SETTLE_PASSES):
        for node in nodes:
            await _drain(node)


class Handoff:
    """One editor screen's hand-offs, and the text the gate refused, to be offered again."""

    def __init__(self, screen: EditorScreen) -> None:
        self.screen = screen
        self.refused: dict[tuple[str, str], str] = {}
        """Target → the text that came back and was refused: the next ctrl+e opens it."""

    async def run(self) -> None:
        screen = self.screen
        owner = screen.open_card
        try:
            command = editor_command()
        except ValueError as error:
            owner.notify(f"$VISUAL / $EDITOR is not a command line: {error}", "error")
            return
        await typed_so_far(screen)
        target = target_for(screen)
        if target is None:
            owner.notify("Open a section first", "warning")
            return
        refused = self.refused.pop(target.where, None)
        handed = target.text if refused is None else refused
        program = Path(command[0]).name
        ran = edit_text(screen.app, command, target.file_name(owner.path), handed)
        if ran.text is None and refused is not None:
            self.refused[target.where] = refused  # nothing came back: it is still to offer
        if ran.failure:
            owner.notify(f"Nothing changed: {ran.failure}", "error")
        elif ran.status:
            how = f"signal {-ran.status}" if ran.status < 0 else f"status {ran.status}"
            owner.notify(f"{program} ended with {how}: nothing changed", "warning")
        elif ran.text is None:
            owner.set_aside(ran.data, f"what {program} wrote for {target.name}")
            owner.notify(f"{target.name}: {program} wrote no UTF-8 text: nothing changed", "error")
        elif ran.text == target.text:
            owner.notify(f"{target.name}: no change")
        else:
            self._take(target, ran.text, program, refused)

    def _take(self, target: Target, text: str, program: str, refused: str | None) -> None:
        screen, owner = self.screen, self.screen.open_card
        what = f"the text from {program}"
        try:
            if target.edit is None:
                change = screen.take_markdown(target.section_key, text, what)
                if change is not None:
                    owner.notify(
                        f"{target.name}: {what} {change.describe()}: it waits in raw mode, "
                        "ctrl+o applies it"
                    )
                    return
            else:
                edit = replace(target.edit, value=text)
                card = owner.card
                after = form_edits.apply(card, edit)
                if after.same_text(card):
                    owner.notify(f"{target.name}: no change")
                    return
                owner.change(
                    lambda now: after if now is card else form_edits.apply(now, edit),
                    what,
                    typed=False,
                )
        except (edits.EditError, KeyError, IndexError, ValueError) as error:
            self.refused[target.where] = text
            if text != refused:
                owner.set_aside(text.encode("utf-8"), f"{what} for {target.name}")
            owner.notify(
                f"{target.name}: not applied: {error} (ctrl+e opens your text again)", "error"
            )
            return
        owner.notify(f"{target.name}: took {what} (ctrl+z undoes)")
