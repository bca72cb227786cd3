"""Synthetic performance cards for benchmarks: varied, realistic, and the same on every run.

Every card is one of ``sample_cards/`` with its values changed by a seeded ``random.Random``:
its ID and links, the scale of its measurements, its session log (dates shifted, sessions added,
dropped or reordered), ticked checklist items, severity, extra notes, and sometimes its newline
style, a BOM, no final newline or mojibake labels. Most cards stay valid; a minority carry the
mistakes the rules exist for (a target that does not beat the current value, a missing section,
a session out of order, a broken link), so a benchmark exercises the rules' error paths too.

Only the standard library is used, so any benchmark (or a test) can import this module::

    from cards import generate_cards, write_cards, repeat_sections
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE_DIR = REPO / "sample_cards"
BOM = "\ufeff"

_NAMES = (
    "Dana Whitfield",
    "Priya Raman",
    "Jonas Berg",
    "Mei Lin",
    "Tomás Ortega",
    "Aisha Bello",
    "Sam O'Neill",
    "Yuki Tanaka",
)
_SEVERITIES = ("Critical", "High", "Medium", "Low")
_WORDS_TEXT = (
    "cache hit rate p95 p99 query plan index allocation heap GC pause queue depth connection "
    "pool batch size serializer payload round trip lock contention hot path flame graph warm-up "
    "regression baseline staging production replica shard worker thread event loop retry budget"
)
_WORDS = _WORDS_TEXT.split()
# a measurement whose scale we may change: a number directly followed by a time or size unit
_MEASUREMENT = re.compile(
    r"(?<![\w.,/\-])(?P<num>\d+(?:\.\d+)?)(?P<sp>\s?)"
    r"(?P<unit>ms|µs|us|s|sec|min|GB|MB|KB|GiB|MiB|KiB)(?![\w/])"
)
_DATE = re.compile(r"(?<![\d-])(20\d\d)-(\d\d)-(\d\d)(?![\d-])")
_SESSION_HEADER = re.compile(r"^\*\*Session (\d{4}-\d\d-\d\d) \(([^)]*)\):\*\*\s*$")
_CARD_ID = re.compile(r"\bPERF-\d+\b")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")


@dataclass(frozen=True)
class GeneratedCard:
    name: str
    """File name, ``PERF-123.md`` or gitban style ``PERF-123-some-slug.md``."""
    card_id: str
    data: bytes
    """The file's bytes (UTF-8, with the card's own newline style and BOM)."""


def sample_texts(folder: Path = SAMPLE_DIR) -> dict[str, str]:
    """The sample cards by file stem, decoded (BOM stripped), newlines as ``\\n``."""
    out = {}
    for path in sorted(folder.glob("*.md")):
        text = path.read_bytes().decode("utf-8").removeprefix(BOM)
        out[path.stem] = text.replace("\r\n", "\n").replace("\r", "\n")
    if not out:
        raise FileNotFoundError(f"no sample cards in {folder}")
    return out


# -- the big card ------------------------------------------------------------------------------


def repeat_sections(text: str, target_lines: int = 6000) -> str:
    """``text``'s sections (everything after its ``# title``) repeated to about ``target_lines``.

    Sections from "Additional Notes" on are free-form and never validated, so only the part
    before them is repeated and the free-form tail comes once, at the end: a card whose copies
    after the first were all free-form would measure the parser, not the validator.
    """
    lines = text.split("\n")
    title = lines[:1] if lines and lines[0].startswith("# ") else []
    body = lines[len(title) :]
    cut = next(
        (n for n, ln in enumerate(body) if ln.lower().startswith("## additional notes")),
        len(body),
    )
    # the EXTENSION POINTS comment just above Additional Notes belongs with the tail
    comment = next(
        (n for n in range(cut - 1, -1, -1) if body[n].startswith("<!--")),
        cut,
    )
    head, tail = body[:comment], body[comment:]
    if not head:
        raise ValueError("the card has no sections to repeat")
    while head and not head[-1].strip():
        head = head[:-1]
    head = [*head, ""]
    copies = max(1, round((target_lines - len(title) - len(tail)) / len(head)))
    return "\n".join(title + head * copies + tail)


def many_headings(text: str, count: int = 20_000) -> str:
    """``text`` with ``count`` short extra sections: half between its first and second ``##``
    sections (so the card's own fields sit thousands of headings down), half at the end."""
    first = text.index("\n## ") + 1
    second = text.index("\n## ", first) + 1
    half = count // 2

    def extra(name: str, n: int) -> str:
        return "".join(f"### {name} {i}\n\nNote {i}.\n\n" for i in range(n))

    body = text[:second] + extra("Earlier heading", half) + text[second:]
    return body.rstrip("\n") + "\n\n" + extra("Later heading", count - half)


# -- varying one card --------------------------------------------------------------------------


def _scale_measurements(text: str, factor: float) -> str:
    """Multiply every time and size by ``factor``: ratios, so improvements, stay the same."""

    def scaled(m: re.Match[str]) -> str:
        num = m.group("num")
        decimals = len(num.partition(".")[2])
        value = float(num) * factor
        new = f"{value:.{decimals}f}" if decimals else str(max(1, round(value)))
        return f"{new}{m.group('sp')}{m.group('unit')}"

    return _MEASUREMENT.sub(scaled, text)


def _shift_dates(text: str, days: int) -> str:
    def shifted(m: re.Match[str]) -> str:
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return m.group(0)
        return (day + dt.timedelta(days=days)).isoformat()

    return _DATE.sub(shifted, text)


def _outside_fences(lines: Sequence[str]) -> list[bool]:
    """For each line, whether it is outside a fenced code block."""
    flags, fence = [], ""
    for line in lines:
        m = _FENCE.match(line)
        if fence:
            flags.append(False)
            if m and m.group(1) == fence:
                fence = ""
        elif m:
            flags.append(False)
            fence = m.group(1)
        else:
            flags.append(True)
    return flags


def _sessions(lines: list[str]) -> tuple[int, list[tuple[int, int]]]:
    """Progress Notes session entries as (start, end) line ranges, and where they end."""
    try:
        notes = next(n for n, ln in enumerate(lines) if ln.startswith("## Progress Notes"))
    except StopIteration:
        return 0, []
    end = next(
        (n for n in range(notes + 1, len(lines)) if re.match(r"^(## |---\s*$|<!--)", lines[n])),
        len(lines),
    )
    starts = [n for n in range(notes, end) if _SESSION_HEADER.match(lines[n])]
    if not starts:
        return end, []
    return end, [(s, e) for s, e in zip(starts, [*starts[1:], end], strict=True)]


def _vary_sessions(lines: list[str], rng: random.Random) -> list[str]:
    end, entries = _sessions(lines)
    if not entries:
        return lines
    blocks = [lines[s:e] for s, e in entries]
    head, tail = lines[: entries[0][0]], lines[end:]
    roll = rng.random()
    if roll < 0.08:  # dropped: a card where nobody has logged a session yet
        blocks = blocks[:0] if rng.random() < 0.5 else blocks[:1]
    elif roll < 0.6:  # one to five more sessions, each a few days after the last
        last = blocks[-1]
        for _ in range(rng.choice((1, 1, 2, 3, 5))):
            header = _SESSION_HEADER.match(last[0])
            assert header is not None
            day = dt.date.fromisoformat(header.group(1)) + dt.timedelta(days=rng.randint(1, 6))
            entry = [f"**Session {day.isoformat()} ({rng.choice(_NAMES)}):**", *last[1:]]
            blocks.append(entry)
            last = entry
    if len(blocks) >= 2 and rng.random() < 0.04:  # logged out of order
        blocks[0], blocks[-1] = blocks[-1], blocks[0]
    if blocks and rng.random() < 0.02:  # a date that is no date
        blocks[-1] = [re.sub(r"\d{4}-\d\d-\d\d", "2026-02-30", blocks[-1][0]), *blocks[-1][1:]]
    for block in blocks:  # every entry ends with a blank line before the next one
        while len(block) > 1 and not block[-1].strip():
            block.pop()
        block.append("")
    return head + [ln for block in blocks for ln in block] + tail


def _toggle_checks(lines: list[str], rng: random.Random) -> list[str]:
    items = [n for n, ln in enumerate(lines) if re.match(r"^\s*[-*+] \[[ xX]\] ", ln)]
    for n in rng.sample(items, k=min(len(items), rng.choice((0, 0, 1, 2, 3)))):
        ln = lines[n]
        i = ln.index("[") + 1
        lines[n] = ln[:i] + (" " if ln[i] in "xX" else "x") + ln[i + 1 :]
    return lines


def _drop_subsection(lines: list[str], rng: random.Random) -> list[str]:
    outside = _outside_fences(lines)
    heads = [n for n, ln in enumerate(lines) if outside[n] and ln.startswith("### ")]
    if not heads:
        return lines
    start = rng.choice(heads)
    end = next(
        (n for n in range(start + 1, len(lines)) if outside[n] and lines[n].startswith("#")),
        len(lines),
    )
    return lines[:start] + lines[end:]


def _prose(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _add_notes(lines: list[str], rng: random.Random) -> list[str]:
    """Extra findings bullets and free-form notes, so card lengths vary."""
    out = list(lines)
    at = next((n for n, ln in enumerate(out) if ln.startswith("### Investigation Findings")), -1)
    if at >= 0 and rng.random() < 0.4:
        bullets = [f"- {_prose(rng, rng.randint(8, 30))}" for _ in range(rng.randint(1, 8))]
        out[at + 1 : at + 1] = ["", *bullets]
    if rng.random() < 0.5:
        out += ["", *(f"{_prose(rng, rng.randint(10, 60))}\n" for _ in range(rng.randint(1, 20)))]
    return out


def vary_card(text: str, rng: random.Random, card_id: str, other_ids: Sequence[str]) -> str:
    """A variation of one card's text (``\\n`` newlines), decided by ``rng``."""
    # the ID in the title, and links to cards that exist (mostly) or do not (sometimes)
    title_end = text.find("\n")
    title = _CARD_ID.sub(card_id, text[:title_end], count=1)

    def link(_: re.Match[str]) -> str:
        if rng.random() < 0.05 or not other_ids:
            return f"PERF-{rng.randint(90_000, 99_999)}"
        return rng.choice(other_ids)

    text = title + _CARD_ID.sub(link, text[title_end:])
    text = _scale_measurements(text, rng.uniform(0.3, 3.0))
    text = _shift_dates(text, -rng.randint(0, 400))

    lines = text.split("\n")
    lines = _vary_sessions(lines, rng)
    lines = _toggle_checks(lines, rng)
    if rng.random() < 0.04:
        lines = _drop_subsection(lines, rng)
    lines = _add_notes(lines, rng)
    text = "\n".join(lines)

    text = re.sub(
        r"(\*\*Severity\*\*: )(Critical|High|Medium|Low)\b",
        lambda m: m.group(1) + ("Urgent" if rng.random() < 0.03 else rng.choice(_SEVERITIES)),
        text,
    )
    if rng.random() < 0.08:  # a target that moved: improvement-mismatch or target-not-better
        text = re.sub(
            r"(\*\*Target Value\*\*: )(\d+(?:\.\d+)?)",
            lambda m: f"{m.group(1)}{float(m.group(2)) * rng.uniform(0.5, 2.5):.0f}",
            text,
            count=1,
        )
    return text


def _spell(text: str, rng: random.Random) -> tuple[str, bool]:
    """Newline style, final newline and mojibake: how the card reached the disk."""
    if rng.random() < 0.03:
        text = text.encode("utf-8").decode("mac_roman")  # the seed template's mojibake
    if rng.random() < 0.04:
        text = text.rstrip("\n")
    roll = rng.random()
    if roll < 0.10:
        text = text.replace("\n", "\r\n")
    elif roll < 0.11:
        text = text.replace("\n", "\r")
    return text, rng.random() < 0.04


def _slug(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower())
    return "-".join(words[:6])


def generate_cards(
    count: int, seed: int = 20261126, samples: dict[str, str] | None = None
) -> Iterator[GeneratedCard]:
    """``count`` varied cards, the same ones for the same seed and sample cards."""
    rng = random.Random(seed)
    samples = samples or sample_texts()
    # in-progress and finished cards are the common case; fresh ones from `new` are rarer
    names = sorted(samples)
    weights = [1 if "[Description of performance problem" in samples[n] else 4 for n in names]
    ids = [f"PERF-{100 + n}" for n in range(count)]
    for card_id in ids:
        base = samples[rng.choices(names, weights)[0]]
        text = vary_card(base, rng, card_id, ids)
        text, bom = _spell(text, rng)
        first = text.split("\n", 1)[0].split("\r", 1)[0]
        if rng.random() < 0.3:  # gitban names files ID-slug.md
            name = f"{card_id}-{_slug(first.partition(':')[2])}.md"
        else:
            name = f"{card_id}.md"
        yield GeneratedCard(name, card_id, ((BOM if bom else "") + text).encode("utf-8"))


def write_cards(folder: Path, count: int, seed: int = 20261126) -> list[Path]:
    """Write ``count`` generated cards into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for card in generate_cards(count, seed):
        path = folder / card.name
        path.write_bytes(card.data)
        paths.append(path)
    return paths


if __name__ == "__main__":  # python benchmarks/cards.py DIR [COUNT]: write cards to look at
    import sys

    if len(sys.argv) < 2:
        sys.exit("usage: python benchmarks/cards.py DIR [COUNT]")
    written = write_cards(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 20)
    print(f"wrote {len(written)} cards to {sys.argv[1]}")
