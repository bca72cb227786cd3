"""The cache of findings and summaries (``core/board/cache.py``, ``results.py``): a warm run
reads nothing it need not, and nothing it answers is ever stale: changed bytes, a changed
template or config, a folder that gained the card a link names, a day that passed a session's
date. A damaged or unwritable cache changes no result and says so once."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from perfcard_tui.core.board import Cache, Judge
from perfcard_tui.core.board import cache as cache_module
from perfcard_tui.core.board import results as results_module
from perfcard_tui.core.board.cache import Entry, cache_folder
from perfcard_tui.core.board.stamp import Stamp

TESTS = Path(__file__).resolve().parent
SAMPLES = TESTS.parent / "sample_cards"
GITBAN_REPO = TESTS / "gitban_repo"
TODAY = date(2026, 12, 1)
LONG_AGO = 1_500_000_000  # 2017: far from any racy window
REAL_RACY_NS = cache_module.RACY_NS


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))


@pytest.fixture(autouse=True)
def _no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Setting a card's mtime back (``os.utime``) moves its ctime to now, and a card changed
    within 2 s of being read is hashed again (``cache.RACY_NS``). Tests change cards and judge
    them at once, so the window is shrunk to nothing here (``test_the_racy_window`` holds its
    real width)."""
    monkeypatch.setattr(cache_module, "RACY_NS", 0)


@pytest.fixture
def cards(tmp_path: Path) -> Path:
    """The sample cards, modified long ago (so their stamps vouch for them)."""
    folder = Path(shutil.copytree(SAMPLES, tmp_path / "cards"))
    for card in folder.iterdir():
        os.utime(card, (LONG_AGO, LONG_AGO))
    return folder


_NEW = Cache.__new__(Cache)  # "a fresh Cache()" (None means no cache)


def judged(folder: Path, *, cache: Cache | None = _NEW, **kw: object) -> dict[str, object]:
    """Each card's name → its CardResult, through a fresh Judge."""
    cache = Cache() if cache is _NEW else cache
    judge = Judge(cache=cache, today=kw.pop("today", TODAY), **kw)  # type: ignore[arg-type]
    paths = sorted(str(p) for p in folder.glob("*.md"))
    return {os.path.basename(r.path): r for r in judge.results(paths)}


class Reads:
    """Counts the cards the judge reads (to hash, or to judge)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.paths: list[str] = []
        real = results_module.read_card

        def counting(path: str):  # type: ignore[no-untyped-def]
            self.paths.append(os.path.basename(str(path)))
            return real(path)

        monkeypatch.setattr(results_module, "read_card", counting)


def test_the_cache_lives_under_xdg_cache_home(tmp_path: Path) -> None:
    assert cache_folder() == tmp_path / "xdg-cache" / "perfcard-tui"


def test_a_warm_run_reads_no_card_and_answers_the_same(
    cards: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = judged(cards, want_facts=True)
    assert not any(r.cached for r in cold.values())  # type: ignore[attr-defined]
    reads = Reads(monkeypatch)
    warm = judged(cards, want_facts=True)
    assert all(r.cached for r in warm.values())  # type: ignore[attr-defined]
    assert reads.paths == []
    for name in cold:
        assert warm[name].findings == cold[name].findings  # type: ignore[attr-defined]
        assert warm[name].facts == cold[name].facts  # type: ignore[attr-defined]


def test_changed_bytes_are_never_served_stale(cards: Path) -> None:
    card = cards / "PERF-7.md"
    before = judged(cards)["PERF-7.md"]
    data = card.read_bytes()
    # the same size, and the old mtime put back: only the content hash can tell
    card.write_bytes(data.replace(b"**Severity**: High", b"**Severity**: Hihg"))
    assert len(card.read_bytes()) == len(data)
    os.utime(card, (LONG_AGO, LONG_AGO))
    after = judged(cards)["PERF-7.md"]
    assert not after.cached  # type: ignore[attr-defined]
    assert {f["code"] for f in after.findings} - {f["code"] for f in before.findings} == {  # type: ignore[attr-defined]
        "invalid-choice"
    }


def test_a_racy_entry_is_hashed_and_the_hash_decides(
    cards: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    judged(cards)
    cache = Cache()
    card = str(cards / "PERF-7.md")
    entry = cache.load(card)
    assert entry is not None and not entry.racy
    # as if the card had been changed as it was read: its stamp alone cannot vouch
    cache.store(Entry(**{**_fields(entry), "read_ns": entry.stamp.ctime_ns}))
    assert cache.load(card).racy  # type: ignore[union-attr]
    reads = Reads(monkeypatch)
    again = judged(cards)
    assert again["PERF-7.md"].cached and reads.paths == ["PERF-7.md"]  # type: ignore[attr-defined]
    # a lying entry (another hash) is judged again, whatever its stamp says
    cache.store(Entry(**{**_fields(entry), "sha256": "0" * 64, "read_ns": entry.stamp.ctime_ns}))
    assert not judged(cards)["PERF-7.md"].cached  # type: ignore[attr-defined]


def test_the_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "RACY_NS", REAL_RACY_NS)
    written = 10_000_000_000

    def racy(read_after: float, ctime_after: float = 0.0) -> bool:
        stamp = Stamp(1, written, written + int(ctime_after * 1e9), 1, 1)
        return Entry("p", stamp, written + int(read_after * 1e9), "", "", "", "", "", (), None).racy

    assert racy(1.9)  # read 1.9 s after the write: a later write may keep the stamp
    assert not racy(2.1)
    assert racy(10.0, ctime_after=9.0)  # mtime put back (cp -p): the change time counts


def _fields(entry: Entry) -> dict[str, object]:
    return {name: getattr(entry, name) for name in Entry.__dataclass_fields__}


def test_a_changed_template_or_override_judges_again(cards: Path, tmp_path: Path) -> None:
    judged(cards)
    template = tmp_path / "perf.md"
    shutil.copy(TESTS.parent / "perfcard_tui" / "templates" / "perf.md", template)
    first = judged(cards, override=str(template))
    assert not any(r.cached for r in first.values())  # type: ignore[attr-defined]
    assert all(r.cached for r in judged(cards, override=str(template)).values())  # type: ignore[attr-defined]
    text = template.read_text("utf-8")
    template.write_text(text.replace("## Trade-offs", "## Rollout\n\n[How]\n\n## Trade-offs"))
    again = judged(cards, override=str(template))
    assert not any(r.cached for r in again.values())  # type: ignore[attr-defined]
    assert all(
        "Rollout" in {f["section"] for f in r.findings}  # type: ignore[attr-defined]
        for r in again.values()
    )


def test_a_changed_validation_config_judges_again(tmp_path: Path) -> None:
    repo = Path(shutil.copytree(GITBAN_REPO, tmp_path / "repo"))
    cards = repo / ".gitban" / "cards"
    name = "done-P2-chore-drop-python-3-10-support-c5x1mw.md"
    strict = judged(cards)[name]
    assert "error" in {f["severity"] for f in strict.findings}  # type: ignore[attr-defined]
    config = repo / ".gitban" / "validation_config.json"
    data = json.loads(config.read_text("utf-8"))
    data["rules"]["checkbox_completion"]["mode"] = "advisory"
    config.write_text(json.dumps(data), "utf-8")
    advisory = judged(cards)[name]
    assert not advisory.cached  # type: ignore[attr-defined]
    assert "error" not in {f["severity"] for f in advisory.findings}  # type: ignore[attr-defined]


def test_links_follow_the_folder_and_a_rename_elsewhere_costs_nothing(
    cards: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(result: object) -> set[str]:
        return {f["message"] for f in result.findings if f["code"] == "broken-link"}  # type: ignore[attr-defined]

    card = cards / "PERF-7.md"
    card.write_text(card.read_text("utf-8").replace("**Related**: PERF-3", "**Related**: PERF-12"))
    first = judged(cards)["PERF-7.md"]
    missing = broken(first)
    assert any("'PERF-12'" in m for m in missing), missing
    # a card no word of PERF-7 names: the folder changed, PERF-7's answers did not
    shutil.copy(cards / "PERF-9.md", cards / "PERF-900.md")
    reads = Reads(monkeypatch)
    second = judged(cards)
    assert second["PERF-7.md"].cached and reads.paths.count("PERF-7.md") == 1  # type: ignore[attr-defined]
    # the card PERF-7 links to appears: judged again, and that link is no longer broken
    shutil.copy(cards / "PERF-9.md", cards / "PERF-12.md")
    third = judged(cards)["PERF-7.md"]
    assert not third.cached  # type: ignore[attr-defined]
    assert not any("'PERF-12'" in m for m in broken(third))


def test_a_session_after_today_is_judged_again_when_its_day_comes(tmp_path: Path) -> None:
    folder = tmp_path / "cards"
    folder.mkdir()
    text = (SAMPLES / "PERF-7.md").read_text("utf-8")
    card = folder / "PERF-7.md"
    card.write_text(text.replace("**Session 2026-11-21", "**Session 2026-12-20"), "utf-8")
    os.utime(card, (LONG_AGO, LONG_AGO))

    def future(day: date) -> tuple[bool, bool]:
        result = judged(folder, today=day)["PERF-7.md"]
        says = any("after today" in f["message"] for f in result.findings)  # type: ignore[attr-defined]
        return says, result.cached  # type: ignore[attr-defined]

    assert future(date(2026, 12, 1)) == (True, False)
    assert future(date(2026, 12, 19)) == (True, True)
    assert future(date(2026, 12, 20)) == (False, False)


def test_facts_asked_of_an_entry_check_wrote_are_filled_in(cards: Path) -> None:
    judged(cards)  # check: findings only
    rows = judged(cards, want_facts=True)
    assert not any(r.cached for r in rows.values())  # type: ignore[attr-defined]
    assert all(r.facts is not None for r in rows.values())  # type: ignore[attr-defined]
    assert all(r.cached for r in judged(cards).values())  # type: ignore[attr-defined]


def test_no_cache_writes_nothing(cards: Path, tmp_path: Path) -> None:
    judge = Judge(cache=None, today=TODAY)
    assert len(list(judge.results([str(p) for p in cards.glob("*.md")]))) == 3
    assert not (tmp_path / "xdg-cache").exists()


# -- a damaged or unwritable cache changes no result, with one warning ------------------------


def _all_entries(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "xdg-cache" / "perfcard-tui" / "cards").rglob("*.json"))


def test_garbage_in_the_cache_is_one_warning_and_the_same_result(
    cards: Path, tmp_path: Path
) -> None:
    clean = judged(cards, cache=Cache(), want_facts=True)
    entries = _all_entries(tmp_path)
    assert len(entries) == 3
    entries[0].write_bytes(b"\x00\xffnot json at all")
    entries[1].write_text('{"format": 1, "path": "elsewhere"}', "utf-8")
    entries[2].write_text(json.dumps({**json.loads(entries[2].read_text()), "findings": [1]}))
    cache = Cache()
    damaged = judged(cards, cache=cache, want_facts=True)
    assert cache.warning is not None and "damaged" in cache.warning
    for name, result in clean.items():
        assert damaged[name].findings == result.findings  # type: ignore[attr-defined]
        assert damaged[name].facts == result.facts  # type: ignore[attr-defined]
    healed = Cache()
    assert all(r.cached for r in judged(cards, cache=healed, want_facts=True).values())  # type: ignore[attr-defined]
    assert healed.warning is None


def test_a_file_where_the_cache_folder_should_be(cards: Path, tmp_path: Path) -> None:
    clean = judged(cards, cache=None)  # type: ignore[arg-type]
    (tmp_path / "xdg-cache").write_text("not a folder", "utf-8")
    cache = Cache()
    blocked = judged(cards, cache=cache)
    assert cache.warning is not None and "going on without it" in cache.warning
    assert {k: r.findings for k, r in blocked.items()} == {k: r.findings for k, r in clean.items()}  # type: ignore[attr-defined]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_cache_folder(cards: Path, tmp_path: Path) -> None:
    clean = judged(cards, cache=None)  # type: ignore[arg-type]
    folder = tmp_path / "xdg-cache"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        cache = Cache()
        blocked = judged(cards, cache=cache)
    finally:
        folder.chmod(0o755)
    assert cache.warning is not None and "cannot be written" in cache.warning
    assert {k: r.findings for k, r in blocked.items()} == {k: r.findings for k, r in clean.items()}  # type: ignore[attr-defined]


def test_a_read_only_cache_on_the_command_line(cards: Path, tmp_path: Path) -> None:
    """Root ignores a folder's mode, so the cache folder is made unwritable the way that binds
    root too: a file in the way of the folder the cache needs."""
    xdg = tmp_path / "xdg-cache"
    (xdg / "perfcard-tui").mkdir(parents=True)
    (xdg / "perfcard-tui" / "cards").write_text("in the way", "utf-8")
    env = {**os.environ, "XDG_CACHE_HOME": str(xdg)}
    run = [sys.executable, "-m", "perfcard_tui", "check", str(cards), "--format", "json"]
    blocked = subprocess.run(run, capture_output=True, text=True, env=env, timeout=120)
    plain = subprocess.run([*run, "--no-cache"], capture_output=True, text=True, timeout=120)
    assert blocked.stdout == plain.stdout and blocked.returncode == plain.returncode == 1
    warnings = blocked.stderr.splitlines()
    assert len(warnings) == 1 and warnings[0].startswith("perfcard-tui: warning: cache ")
    assert plain.stderr == ""


def test_two_checks_at_once_leave_whole_entries(cards: Path, tmp_path: Path) -> None:
    for n in range(20):
        shutil.copy(cards / ("PERF-7.md" if n % 2 else "PERF-9.md"), cards / f"PERF-{100 + n}.md")
    run = [sys.executable, "-m", "perfcard_tui", "check", str(cards), "--format", "json"]
    both = [subprocess.Popen(run, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in both]
    assert outputs[0][0] == outputs[1][0] and not outputs[0][1] and not outputs[1][1]
    entries = _all_entries(tmp_path)
    assert len(entries) == 23
    cache = Cache()
    for path in sorted(cards.glob("*.md")):
        assert cache.load(str(path)) is not None
    assert cache.warning is None
    assert not list((tmp_path / "xdg-cache").rglob("*.tmp"))


# -- what a cached answer depends on ----------------------------------------------------------


def test_the_link_index_resolves_as_the_link_rule_does(tmp_path: Path) -> None:
    from perfcard_tui.core.board.inputs import LinkIndex
    from perfcard_tui.core.validate import folder_stems, id_resolves

    repo = Path(shutil.copytree(GITBAN_REPO, tmp_path / "repo"))
    stems = folder_stems(repo / ".gitban" / "cards") | {"perf-7", "perf-7-slow-export"}
    index = LinkIndex(stems)
    parts = sorted({part for stem in stems for part in stem.split("-")})
    words = [*parts, *stems, "bug-login", "p0-bug", "perf-7-slow", "PERF-7", "x7y7z7-alice"]
    words += [f"{a}-{b}" for a in parts[:40] for b in parts[:40]]
    for word in words:
        assert index.resolves(word) == id_resolves(word, stems), word


def test_every_id_the_link_rule_reads_is_one_of_the_cards_words() -> None:
    from perfcard_tui.core.board.inputs import card_words
    from perfcard_tui.core.parse import parse_card
    from perfcard_tui.core.validate import card_ids

    values = ["PERF-3, PERF-4 and `PERF-5` (done); [PERF-6] - later", "see:PERF-7 x.y_z-1"]
    for path in sorted(SAMPLES.glob("*.md")):
        card = parse_card(path.read_text("utf-8"))
        values += [f.value for _, f in card.fields()]
    for value in values:
        words = card_words(value)
        for card_id in card_ids(value):
            assert card_id.lower().encode() in words, (card_id, value)


def test_a_big_card_is_split_into_words_in_pieces_that_cut_no_word() -> None:
    """A card longer than a piece: the words, and the links they resolve, are those of the
    whole text split at once (a word right across a piece's nominal end included)."""
    from perfcard_tui.core.board import inputs

    line = "PERF-7 depends on perf-12; see [BUG-3] and x.y_z-1\n"
    text = line * (3 * inputs._PIECE // len(line)) + "a" * (inputs._PIECE - 3) + "-tail PERF-99"
    whole = set(text.lower().encode().translate(inputs._SEPARATORS).split())
    assert inputs.card_words(text) == whole
    index = inputs.LinkIndex(["PERF-7", "perf-99", "aaa-tail"])
    assert inputs.links_digest(text, index) == inputs.links_digest(text + "\n", index)
    assert inputs.links_digest(text, index) != inputs.links_digest(line, index)


def test_valid_before_is_the_first_later_date_written() -> None:
    from perfcard_tui.core.board.inputs import valid_before

    text = "2026-11-30 x2026-12-05 12026-12-02 2026-12-03T10 2026-02-30 2027-01-01"
    assert valid_before(text, date(2026, 12, 1)) == "2026-12-03"
    assert valid_before(text, date(2027, 1, 1)) == ""
