"""The real-terminal tier, run again and again beside a busy loop (issue 7: "ten runs in a row
beside a busy loop"): one core kept busy the whole time, the tier run by the Makefile's own
target, each run's time and verdict printed, and the whole output of a failed run kept.

    .venv/bin/python benchmarks/tier_under_load.py [--runs 10] [--keep DIR]

Exits 1 when any run failed. Nothing else should run on the machine meanwhile: the figures of
anything measured beside it are the busy loop's as much as its own.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TIER = ["make", "--no-print-directory", "terminal"]
"""The tier as `make test` runs it (the Makefile's ``terminal`` target)."""
BUSY = [sys.executable, "-c", "while True: pass"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--keep", type=Path, help="folder for failed runs' output (a temp one)")
    args = parser.parse_args()
    keep = args.keep or Path(tempfile.mkdtemp(prefix="tier-under-load-"))
    keep.mkdir(parents=True, exist_ok=True)
    failed = 0
    busy = subprocess.Popen(BUSY)
    try:
        for run in range(1, args.runs + 1):
            started = time.monotonic()
            done = subprocess.run(TIER, cwd=REPO, capture_output=True, text=True)
            took = time.monotonic() - started
            last = (done.stdout.strip().splitlines() or ["(no output)"])[-1]
            verdict = "passed" if done.returncode == 0 else "FAILED"
            if done.returncode != 0:
                failed += 1
                kept = keep / f"run-{run}.txt"
                kept.write_text(done.stdout + done.stderr, encoding="utf-8")
                last += f" (output: {kept})"
            print(f"run {run}: {verdict} in {took:.0f} s: {last}", flush=True)
    finally:
        busy.kill()
    print(f"{args.runs - failed} of {args.runs} runs passed beside a busy loop")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
