"""Printing a benchmark's figures, each with its verdict when it has a budget, and the sum."""

from __future__ import annotations


def report(name: str, figure: str, ok: bool | None = None) -> None:
    """One line: the figure's name, the figure, and PASS/FAIL when it has a budget."""
    verdict = "" if ok is None else ("PASS" if ok else "FAIL")
    print(f"{name:<58} {figure:<44} {verdict}", flush=True)


class Budgets:
    """The budgets a run checks; :meth:`done` says which failed and gives the exit status."""

    def __init__(self) -> None:
        self.failed: list[str] = []

    def check(self, name: str, figure: str, ok: bool) -> None:
        report(name, figure, ok)
        if not ok:
            self.failed.append(name)

    def done(self) -> int:
        failed = self.failed
        print("\nall budgets hold" if not failed else f"\nover budget: {', '.join(failed)}")
        return 1 if failed else 0
