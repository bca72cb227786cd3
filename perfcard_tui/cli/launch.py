"""``edit``, ``review`` and ``new``: opening the editor, and starting a card."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import traceback
from pathlib import Path

from ..core.display import safe_text
from .allocator import return_big_blocks
from .common import CliError, fail, load, say, template_for
from .keys_early import keys_for_the_app

READ_WHOLE_UP_TO = 1_000_000
"""Bytes up to which the card is read whole before the first frame; a bigger one shows its
beginning first (reading, hashing and decoding 50 MB takes half a second)."""


def _launch(args: argparse.Namespace, *, review: bool) -> int:
    return_big_blocks()  # before the card is read: its bytes are the first big blocks freed
    with keys_for_the_app():
        if os.path.isdir(args.path) and not review:
            code = _board(args, args.path)
        else:
            code = _open(args.path, args, review=review, goto=args.goto)
    if sys.__stderr__ is not None and sys.__stderr__.isatty():
        _leave_at_once(code)
    return code


def _leave_at_once(code: int) -> None:
    """The editor has closed and the terminal is restored: end the process now.

    What is left is only teardown: freeing a big card's objects (seconds for 50 MB) and joining
    worker threads still reading it (a whole-card check of 50 MB runs for most of a minute).
    Nothing in them matters any more: saves are waited for before the app ends, and the
    recovery copy is written by rename. Not for a stand-in editor (tests), whose stream is no
    terminal.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


def _board(args: argparse.Namespace, folder: str) -> int:
    """The board of a folder; enter opens a card in the editor, and leaving the editor comes
    back to the board as it was left (its filter, sort, view and cursor), the card's row
    read again."""
    try:
        from ..app import collector

        collector.hold()  # from its imports until the board has started (``collector.settle``)
        from ..app.board.app import run_board
        from ..app.board.screen import BoardState
        from ..core.board.scan import board_folder
    except ImportError as e:
        raise CliError(f"the board is not available in this installation ({e})") from None
    state = BoardState(board_folder(folder), use_cache=not getattr(args, "no_cache", False))
    while True:
        chosen, state = run_board(state)
        if chosen is None:
            return 0
        try:
            _open(chosen, args, review=False, goto=None)
        except CliError as e:  # a card that cannot be opened: said, and back to the board
            fail(str(e), e.details)
        collector.hold()  # the board again, after the editor's own start


def _open(path: str, args: argparse.Namespace, *, review: bool, goto: str | None) -> int:
    """Open one card in the editor (``goto``: the field to start at)."""
    text = head = None
    if review or os.path.lexists(path):
        # an unreadable card is an error here, not a crash in the app; the text read here is the
        # one the app shows and opens (a card is read once; a big one's beginning is read for
        # the first frame, and the whole by the app, behind it). It is not parsed here: parsing
        # imports the core, which the first frame does not wait for. --goto is resolved by the
        # app once it has parsed the card (an unknown field ends it with one line and exit 2)
        from ..core.store import read_card, read_head

        if os.path.isfile(path) and os.path.getsize(path) > READ_WHOLE_UP_TO:
            head = read_head(path)
        else:
            text = read_card(path)
    elif not os.path.isdir(folder := os.path.dirname(os.path.abspath(path))):
        raise CliError(f"{path}: folder {folder} does not exist")
    if args.template and not os.path.isfile(args.template):
        raise CliError(f"{args.template}: no such template file")
    try:
        from ..app import collector, run_editor  # type: ignore[attr-defined, unused-ignore]
    except ImportError as e:
        if args.debug:
            traceback.print_exc()
        raise CliError(f"the editor is not available in this installation ({e})") from None
    collector.hold()  # until the editor has started (``collector.settle``)
    return int(
        run_editor(path, text=text, head=head, template=args.template, goto=goto, review=review)
    )


def cmd_edit(args: argparse.Namespace) -> int:
    return _launch(args, review=False)


def cmd_review(args: argparse.Namespace) -> int:
    if not args.report:
        return _launch(args, review=True)
    from importlib.util import find_spec

    from ..core.validate import validate

    _, card = load(args.path)
    template = template_for(args.path, args.template)
    findings = validate(card, template, path=args.path)
    if find_spec("perfcard_tui.core.report") is None:
        raise CliError("the review report is not available in this installation")
    from ..core.report import render_report  # type: ignore[import-not-found, unused-ignore]

    report: str = safe_text(render_report(card, template, findings, args.path))
    sys.stdout.write(report if report.endswith("\n") else report + "\n")
    return 0


# -- new ---------------------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    from ..core.edits import EditError
    from ..core.gate import admit_title
    from ..core.store import write_atomic
    from ..core.template import new_card_text

    path: str = args.path
    try:  # the gate: one line, no control characters
        title = admit_title(args.title if args.title is not None else Path(path).stem)
    except EditError as refused:
        raise CliError(f"{path}: {refused}") from None
    if not title:
        raise CliError(f"{path}: the title must be one non-empty line")
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise CliError(f"{path}: folder {folder} does not exist")
    if os.path.lexists(path) and not args.force:
        raise CliError(f"{path}: already exists (use --force to overwrite)")
    template = template_for(path, args.template)
    write_atomic(path, new_card_text(template, title).encode("utf-8"))
    say(args, f"{path}: created from the {template.source} template")
    return 0
