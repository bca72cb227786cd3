"""A link to another card is checked against the folder as it is now: a card created beside
the open one (or removed) while the editor is open counts at the next check, not after a
restart (the folder's names were read once per session)."""

from __future__ import annotations

from pathlib import Path

EFFORT = "performance-issue/estimated-effort"


def broken_links(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.message for f in app.card.findings if f.code == "broken-link"]


async def test_a_card_created_beside_the_open_one_resolves_its_link(card_dir: Path, ui) -> None:
    perf9 = card_dir / "PERF-9.md"
    kept = perf9.read_bytes()
    perf9.unlink()
    app = ui.make_app(card_dir / "PERF-7.md")
    async with app.run_test(size=ui.SIZE) as pilot:
        await ui.settle(pilot)
        assert any("PERF-9" in m for m in broken_links(app))
        perf9.write_bytes(kept)
        assert ui.set_field(app, EFFORT, "3-4 days!")  # any edit: the card is checked again
        await ui.settle(pilot)
        assert not any("PERF-9" in m for m in broken_links(app))
