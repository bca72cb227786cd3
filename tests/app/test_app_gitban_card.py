"""A card in a gitban repository, opened in the editor: gitban's own rules apply there as they
do in ``check`` and on the board (they read the status from the file's name)."""

from __future__ import annotations

import shutil
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "gitban_repo"
DONE_CHORE = "done-P2-chore-drop-python-3-10-support-c5x1mw.md"


async def test_a_done_card_with_unticked_boxes_says_so_in_the_editor(tmp_path: Path, ui) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    app = ui.make_app(repo / ".gitban" / "cards" / DONE_CHORE)
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        await ui.wait_for(pilot, lambda: app.card is not None and bool(app.card.findings))
        codes = {finding.code for finding in app.card.findings}
        assert "done-unticked-box" in codes, codes
