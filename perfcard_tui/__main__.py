"""``python -m perfcard_tui``: the same as the ``perfcard-tui`` command."""

from perfcard_tui.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
