"""The entry point: run a command; every failure becomes one line and an exit status."""

from __future__ import annotations

import os
import sys
import traceback

from .common import PROG, CliError, fail, os_message
from .parser import build_parser, route


def main(argv: list[str] | None = None) -> int:
    args_in = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    try:
        args = parser.parse_args(route(args_in))
    except SystemExit as e:  # --help, --version, usage errors: argparse already printed
        return e.code if isinstance(e.code, int) else 2
    if not getattr(args, "run", None):
        fail(f"no card given (see `{PROG} --help`)")
        return 2
    debug: bool = args.debug
    try:
        return int(args.run(args))
    except CliError as e:
        if debug:
            traceback.print_exc()
        fail(str(e), e.details)
        return e.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (`check … | head`): stop quietly, without a second error at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except Exception as e:
        from ..core.store import CardReadError, CardWriteError

        if debug:
            traceback.print_exc()
        if isinstance(e, CardReadError | CardWriteError):
            fail(str(e))
        elif isinstance(e, OSError):
            fail(os_message(e))
        elif isinstance(e, ValueError):  # EditError is a ValueError
            fail(f"{getattr(args, 'path', '')}: {e}".lstrip(": "))
        else:
            fail(f"internal error: {type(e).__name__}: {e} (run with --debug for the traceback)")
        return 2
