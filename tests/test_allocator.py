"""The editor's process gives a freed big block back to the system (``cli.allocator``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# a card-sized block freed (the threshold moves up to its size), then a smaller one made and
# freed: the figure is what the second one left resident, in MB
_RETAINED = """
import sys
from perfcard_tui.cli.allocator import return_big_blocks

def resident():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

if sys.argv[1] == "held" and not return_big_blocks():
    print("untaken")
    raise SystemExit
card = b"x" * (20 << 20)
del card
before = resident()
text = b"y" * (8 << 20)
del text
print(resident() - before)
"""


def _retained(policy: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _RETAINED, policy],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    return done.stdout.strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's policy, on Linux")
def test_a_freed_big_block_leaves_the_process() -> None:
    left = _retained("default")
    if float(left) < 4:
        pytest.skip(f"this C library gives the block back by itself ({left} MB left)")
    held = _retained("held")
    if held == "untaken":
        pytest.skip("no glibc mallopt here")
    assert float(held) < 1, f"{held} MB of an 8 MB block stayed, {left} MB without the policy"
