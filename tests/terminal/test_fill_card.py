"""The form does the whole card (issue 9): a new card filled from the keyboard alone, in the
real terminal, until ``perfcard-tui check`` has nothing left to say.

`perfcard-tui new x.md`, then the editor on it: F8 from section to section, Tab from field to
field, each placeholder typed over (the form selects a placeholder when its field takes the
focus), the choices chosen from their lists, boxes ticked with space, an Improvement cell
filled with ctrl+o, the names of the optimizations typed over, the session logged with ctrl+l,
ctrl+s. No raw markdown (ctrl+r) and no mouse. Then `check` on the file, and the file against
what `new` wrote: only the values changed, each placeholder to what was typed, and the card
has the very sections, fields, paragraphs and names it had.

Every wait is on the screen. The focus shows the way a person sees it, by colour: a selected
placeholder is drawn on the selection's background, a focused input, choice or box on the
focused one (Textual's default dark theme; the harness emulates colours for this test). The
keys sent are counted and printed (``-s`` shows the line).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable

import pytest

if os.name != "posix":
    pytest.skip("the real-terminal tier needs POSIX ptys", allow_module_level=True)

from card_screen import SIZE, assert_no_traceback, form_span, new_card, shows_saved
from harness import Term

from perfcard_tui.core.model import Card, FieldKind, Span
from perfcard_tui.core.parse import parse_card, section_labels

pytestmark = pytest.mark.terminal

NAME = "x.md"
# the default dark theme's backgrounds: text selected in a text area, an input, a code block
# (its own theme) and a table's cell; and a focused input, choice or box (the cursor's cell,
# when it blinks on, is the last)
SELECTED = frozenset({"27496f", "2d4e74", "65686a", "1f558a"})
FOCUSED = frozenset({"272727", "e0e0e0"})
# `[...]` that is no link nor a checklist box: a placeholder (as `is_placeholder` reads them)
PLACEHOLDER = re.compile(r"\[(?![ xX]\])[^\[\]]*\](?!\()")
WAIT = 20.0  # a whole-card check or a rebuild on a loaded machine; the screen decides


def norm(text: str) -> str:
    return " ".join(text.split())


class Typist:
    """Sends keys to the app as a person types them, counts them, and waits for the screen to
    show what they did."""

    def __init__(self, term: Term) -> None:
        self.term = term
        self.keys = 0
        self._seen: tuple[tuple[int, int, int], list[list[tuple[str, str]]]] | None = None

    # -- the keyboard ----------------------------------------------------------------------

    def press(self, *keys: str) -> None:
        self.keys += len(keys)
        self.term.press(*keys)

    def type(self, text: str) -> None:
        self.keys += len(text)
        self.term.type(text)

    def shift_left(self, times: int) -> None:
        """shift+left, as xterm sends it (the harness names no shifted arrows)."""
        self.keys += times
        self.term.type("\x1b[1;2D" * times)

    # -- the screen --------------------------------------------------------------------------

    def styled(self) -> list[list[tuple[str, str]]]:
        """The cells of :meth:`area` between the header and the footer, as (character,
        background). The harness keeps only characters public; the emulator it drives keeps the
        colours, read here under the harness's lock. Only the area is read: this is looked at
        again at every new screen, and the whole screen was most of the test's own CPU time."""
        term = self.term
        left, right = self.area()
        if self._seen is not None and self._seen[0] == (term.version, left, right):
            return self._seen[1]
        with term._lock:
            buffer = term._screen.buffer
            rows = []
            for y in range(1, term._screen.lines - 1):
                line = buffer[y]
                rows.append(
                    [(cell.data, cell.bg) for cell in map(line.__getitem__, range(left, right))]
                )
            self._seen = ((term.version, left, right), rows)
        return rows

    def area(self) -> tuple[int, int]:
        """The columns to read: the form pane, or the whole screen while a dialog is up."""
        return (0, self.term.size[0]) if self.dialog() else form_span(self.term)

    def dialog(self) -> bool:
        return "Log a session" in self.term.text()

    def _text_on(self, backgrounds: frozenset[str]) -> str:
        runs = []
        for row in self.styled():
            cells = [ch for ch, bg in row if bg in backgrounds]
            if cells:
                runs.append("".join(cells))
        return norm(" ".join(runs))

    def selected(self) -> str:
        """The text shown as selected (a placeholder, once its field has the focus)."""
        return self._text_on(SELECTED)

    def focused(self) -> str:
        """The text of the focused input, choice or box, as it shows ("" for none)."""
        return self._text_on(FOCUSED)

    def focused_line(self) -> str:
        """The whole row the focused input, choice or box is on."""
        for row in self.styled():
            if any(bg in FOCUSED for _, bg in row):
                return "".join(ch for ch, _ in row)
        return ""

    def above_cursor(self) -> str:
        """The row above the terminal's cursor, which the app keeps where a text area's cursor
        is (the session form does not scroll, so it is where the area is drawn)."""
        with self.term._lock:
            y = self.term._screen.cursor.y
        return self.term.lines()[y - 1] if y else ""

    def wait_cursor_in(self, name: str) -> None:
        """Wait for the cursor in the box under ``name`` in a whole frame: the cursor moves as
        each row is drawn, and under load a frame read half-written once had it under 'In
        Progress' while the focus was still on Improvement (the Tab behind had not acted yet),
        and the words typed went into Improvement."""
        self.wait(lambda: name in self.above_cursor(), f"the cursor in {name}")
        self.term.wait_still(quiet=0.15, timeout=WAIT)
        self.wait(lambda: name in self.above_cursor(), f"the cursor in {name}, the screen still")

    def shows(self, value: str) -> bool:
        left, right = self.area()
        return norm(value) in norm(" ".join(self.term.region(left, right, 1, -1)))

    def wait(self, predicate: Callable[[], object], what: str) -> None:
        self.term.wait_until(predicate, WAIT, lambda: f"{what}; {self.state()}")

    def state(self) -> str:
        return f"selected {self.selected()!r}, focused {self.focused()!r}, {self.keys} keys sent"

    # -- what a person does ------------------------------------------------------------------

    def over(self, placeholder: str, value: str) -> None:
        """The field holding ``placeholder`` has the focus, its text selected: type over it."""
        want = norm(placeholder)

        def selected() -> bool:
            shown = self.selected()
            # a long one scrolls in its input: the part shown, from where it is cut
            return shown == want or (len(shown) >= 12 and shown in want and want.endswith(shown))

        self.wait(selected, f"{placeholder!r} selected in the focused field")
        self.type(value)
        self.wait(
            lambda: self.shows(value) and not self.selected(),
            f"{value!r} typed over {placeholder!r}",
        )

    def tab_over(self, placeholder: str, value: str) -> None:
        self.press("tab")
        self.over(placeholder, value)

    def section(self, title: str) -> None:
        self.press("f8")
        self.wait(
            lambda: norm(self.term.region(*form_span(self.term), 1, 2)[0]).startswith(
                f"{title} (form"
            ),
            f"the form of {title!r}",
        )

    def choose(self, placeholder: str, downs: int, option: str) -> None:
        """A choice with the focus: open its list, go down to ``option``, take it; then Tab
        past the explanation box it shows beside it."""
        self.wait(
            lambda: self.focused().startswith(placeholder[:12]), f"the choice {placeholder!r}"
        )
        self.press("enter")
        self.wait(lambda: "Dismiss menu" in self.term.lines()[-1], f"the list of {placeholder!r}")
        self.press(*["down"] * downs, "enter")
        # the list closed, the choice back in focus showing the option, the explanation box
        # beside it (Tab skips a box not shown yet)
        self.wait(
            lambda: (
                "Dismiss menu" not in self.term.lines()[-1]
                and self.focused().startswith(option)
                and "explanation (optional)" in self.focused_line()
            ),
            f"{option!r} chosen",
        )
        self.press("tab")
        self.wait(lambda: self.focused().startswith("explanation"), "the explanation box")

    def tick(self, item: str) -> None:
        """A box with the focus, beside ``item``: space ticks it."""
        self.wait(
            lambda: self.focused().startswith("▐") and item in self.focused_line(),
            f"the box of {item!r}",
        )
        self.press("space")
        self.wait(lambda: "▐✓▌" in self.focused_line(), f"{item!r} ticked")


def value_spans(card: Card) -> list[Span]:
    """Where the card's values are, in the card: every field's value (a table by its cells), a
    box's mark, a fence's language, every paragraph or item that is no field, every name."""
    spans = []
    for i, section in enumerate(card.sections):
        offset = card.offsets[i]
        for field in section.fields:
            if field.kind is not FieldKind.TABLE:
                spans.append(field.span.shift(offset))
            spans += [s.shift(offset) for s in (field.mark_span, field.info_span) if s]
        spans += [b.span.shift(offset) for b in section.blocks if b.span is not None]
        if i:
            spans += [label.span.shift(offset) for label in section_labels(card, section.key)]
    return spans


def shape(card: Card) -> list[tuple[str, list[FieldKind], int, int]]:
    """The card's structure: each section's key, its fields' kinds, its paragraphs and names."""
    return [
        (
            s.key,
            [f.kind for f in s.fields],
            len(s.blocks),
            len(section_labels(card, s.key)) if i else 0,
        )
        for i, s in enumerate(card.sections)
    ]


def test_a_new_card_is_filled_whole_from_the_keyboard(term: Term) -> None:
    path = new_card(term)
    original = path.read_text(encoding="utf-8")
    term.colours = True
    term.start(path, size=SIZE)
    me = Typist(term)
    me.wait(lambda: shows_saved(term, NAME), "the editor on the new card")

    # Performance Issue: its first field has the focus
    me.over(
        "[Description of performance problem and its impact on users or system - REQUIRED]",
        "Album pages take 2 s to render for big albums.",
    )
    me.tab_over(
        "[Why optimizing this matters - user experience, cost savings, scalability]",
        "Faster pages keep users browsing",
    )
    me.tab_over("[Time estimate - e.g., 4-8 hours, 2-3 days]", "2-3 days")

    me.section("Current Performance")
    me.over("[Quantified measurements of current performance]", "p95 render time, production.")
    me.section("Primary Metric")
    me.over("[Response time / throughput / memory usage / etc.]", "p95 render time")
    me.tab_over("[Current measurement - e.g., 500ms, 2GB RAM]", "840ms")
    me.tab_over("[Target measurement - e.g., 200ms, 1GB RAM]", "300ms")
    me.tab_over("[X% faster / Y% less memory / etc.]", "64% less time")
    me.section("Supporting Metrics")
    me.over("[Current value]", "CPU at 70%")
    me.tab_over("[Current value]", "1.2 GB memory")
    me.section("Performance Impact")
    for placeholder, downs, option in (
        ("[Critical / High / Medium / Low]", 2, "High"),
        ("[Always / Under load / Specific scenarios]", 1, "Always"),
        ("[All users / Power users / Specific use case]", 2, "Power users"),
        ("[CPU / Memory / Disk / Network]", 1, "CPU"),
        ("[Limits growth / Costs money / Blocks features]", 1, "Limits growth"),
        ("[Causes timeouts / Crashes / Errors]", 1, "Causes timeouts"),
    ):
        me.choose(placeholder, downs, option)
        me.press("tab")

    me.section("Root Cause")
    me.over("[Analysis of what's causing the performance issue]", "Resizing on every request.")
    me.section("Investigation Findings")
    me.over("[What profiling/analysis revealed]", "py-spy: resizing dominates.")
    me.tab_over("[Code location and what it does]", "thumbs.resize")
    me.tab_over("`[file:line]`: [Description]", "thumbs.py:42 resizes each image")
    me.tab_over("[X% of total / Y seconds]", "62% of total")
    me.tab_over("[Code location]", "album.query")
    me.tab_over("`[file:line]`: [Description]", "album.py:7 one query per photo")
    me.tab_over("[X% of total / Y seconds]", "20% of total")
    me.section("Performance Bottleneck")
    me.over("[Primary cause of slowdown]", "Resizing in the request path.")
    me.tab_over(
        "[Algorithm complexity / N+1 queries / Memory allocation / Network I/O / etc.]",
        "Algorithm complexity",
    )
    me.tab_over("[Where in code]", "thumbs.py")
    me.tab_over("[What causes this to be slow]", "Albums over 500 photos")
    me.section("Profiling Data")
    me.wait(lambda: me.focused().endswith("anguage"), "the code's language box")
    me.tab_over("[Profiling output showing hot spots]", "resize 62%")
    me.section("Why This Is Slow")
    me.over("[Technical explanation of root cause]", "Work repeated per request.")
    me.tab_over("[Explanation of inefficiency]", "Each view resizes again")
    me.tab_over("[What could be better]", "Resize once at upload")

    me.section("Optimization Approach")
    me.over("[Strategy for improving performance]", "Cache resized images.")
    me.section("High-Level Strategy")
    me.over("[Overall approach to optimization]", "Resize once, serve many times.")
    me.tab_over("[Algorithm change / Caching / Batch processing / Async / etc.]", "Caching")
    me.tab_over("[X% faster]", "64% less time")
    me.press("tab")
    me.choose("[Simple / Medium / Complex]", 2, "Medium")
    me.press("tab")
    me.choose("[Low / Medium / High]", 1, "Low")
    me.section("Specific Optimizations")
    for name, what, technique, impact, risk in (
        ("[Optimization 1]", "Resize once at upload", "Caching", "50% less time", "Stale images"),
        ("[Optimization 2]", "One query per page", "Batching", "15% less time", "None known"),
    ):
        if name.endswith("2]"):
            me.press("tab")
        me.over(name, "Resize at upload" if name.endswith("1]") else "Batch queries")
        me.tab_over("[Description]", what)
        me.tab_over("[What optimization technique]", technique)
        me.tab_over("[How much improvement]", impact)
        me.tab_over("[Potential issues]", risk)
    me.section("Code Changes")
    me.over("[language]", "python")
    me.tab_over("[Current slow code]", "resize(img)")
    me.press("f6")  # out of the code (tab indents there)
    me.over("[language]", "python")
    me.tab_over("[Optimized code]", "cache.get(img)")
    me.press("f6")
    me.over("[Why new code is faster]", "No resize per request")

    me.section("Implementation")
    me.over("[Step-by-step optimization plan]", "Cache first, then batch.")
    me.section("Phase 1: Baseline & Setup")
    me.section("Phase 2: Optimization")
    me.over("[Optimization 1]", "Resize at upload")
    me.press(*["tab"] * 9)  # its four items, each a box and a text
    me.over("[Optimization 2]", "Batch queries")
    me.section("Phase 3: Validation")

    me.section("Benchmarking")
    me.over("[Measuring performance improvements]", "pytest-benchmark, 500 photos.")
    me.section("Benchmark Setup")
    me.over("[pytest-benchmark / criterion / JMH / k6 / etc.]", "pytest-benchmark")
    for n, workload in enumerate(("Cold cache", "Warm cache", "Upload burst"), start=1):
        me.tab_over(f"[Scenario {n}]: [Description of workload]", f"{workload}: 500 photos")
    me.section("Benchmark Results")
    me.wait(lambda: me.focused().endswith("anguage"), "the code's language box")
    me.tab_over("[Benchmark results]", "p95 840ms")
    me.press("f6")
    me.wait(lambda: me.focused().endswith("anguage"), "the second code's language box")
    me.tab_over("[Benchmark results]", "p95 310ms")
    me.section("Performance Comparison")
    rows = (
        ("[Metric 1]", "p95 render time", "840ms", "310ms", "[X%]"),
        ("[Metric 2]", "CPU time", "400ms", "150ms", "[Y%]"),
        ("[Metric 3]", "Memory", "1.2 GB", "1.5 GB", "[Z%]"),
    )
    for n, (metric, name, before, after, improvement) in enumerate(rows):
        if n:
            me.press("tab")
        me.over(metric, name)
        me.tab_over("[Value]", before)
        me.tab_over("[Value]", after)
        me.press("tab")
        me.wait(lambda p=improvement: me.selected() == p, f"{improvement} selected")
        me.press("ctrl+o")  # the improvement the app computes from Before and After
        me.wait(lambda p=improvement: not me.shows(p), f"{improvement} filled in")
    me.section("Success Criteria")
    me.wait(lambda: me.focused().startswith("▐"), "the first criterion's box")
    me.press("tab")
    me.wait(lambda: "[Target metric value]" in me.focused(), "the first criterion's text")
    # the part still the template's, selected from the end (not all the item is a placeholder)
    me.press("end")
    me.shift_left(len("[Target metric value]"))
    me.over("[Target metric value]", "300ms")

    me.section("Trade-offs")
    me.over("[What was sacrificed for performance]", "A cache to keep warm.")
    me.section("Code Complexity")
    me.over("[Complexity level]", "Simple")
    me.tab_over("[Complexity level]", "Medium")
    me.tab_over("[How this affects maintainability]", "One more moving part")
    me.tab_over("[Documentation, comments, tests]", "Tests and docs")
    me.section("Memory vs Speed")
    me.choose("[More memory for speed / Less memory but slower]", 1, "More memory for speed")
    me.tab_over("[Why this trade-off makes sense]", "Disk is cheap")
    me.section("Readability")
    me.over("[How optimization affects code clarity]", "Small")
    me.tab_over("[Comments explaining optimization]", "Comments")
    me.section("Feature Limitations")
    me.over("[Any functionality limitations from optimization]", "None")
    me.tab_over("[How to handle edge cases]", "None needed")

    me.section("Prerequisites")
    me.over("[Requirements before optimizing]", "Measured and reproduced.")
    for item, done in (
        ("[Performance issue is measurable and reproducible]", "Reproduced on staging"),
        ("[Root cause is understood]", "Resizing found"),
        ("[Benchmarking setup is ready]", "pytest-benchmark ready"),
        ("[Baseline metrics are captured]", "p95 840ms captured"),
    ):
        me.press("tab")
        me.tick(item)
        me.tab_over(item, done)
    me.tab_over("[Optimize based on data, not hunches]", "Data first")
    me.section("Required Tools")
    me.section("Required Knowledge")

    me.section("Related Cards")
    me.over("[Connections to features or technical work]", "None yet.")
    me.section("Enables")
    me.over("[Card ID] - [Feature made possible by better performance]", "none yet - export")
    me.tab_over("[Features unblocked by optimization]", "Bulk export")
    me.section("Related")
    me.over("[Card ID] - [Related performance work]", "none yet - uploads")
    me.tab_over("[Other optimization opportunities]", "Upload speed")

    me.section("Notes")
    me.over("[Additional context or performance considerations]", "Measured on staging.")
    for title, summary, first, second in (
        (
            "Profiling Methodology",
            "[How performance was analyzed]",
            "[Methodology used]",
            "[Tools used]",
        ),
        (
            "Optimization Insights",
            "[Lessons learned from optimization]",
            "[Insight 1]",
            "[Insight 2]",
        ),
        (
            "Future Optimizations",
            "[Additional improvements to consider]",
            "[Opportunity 1]",
            "[Opportunity 2]",
        ),
    ):
        me.section(title)
        me.over(summary, f"{title} in short.")
        me.tab_over(first, f"{title}: first")
        me.tab_over(second, f"{title}: second")
    me.section("Resources")
    me.over("[Helpful performance resources]", "Tools used.")
    me.tab_over("[Performance guide]: [Link]", "py-spy: https://github.com/benfred/py-spy")
    me.tab_over("[Profiling tutorial]: [Link]", "perf: https://perf.wiki.kernel.org")

    me.section("Progress Notes")
    me.over("[Track optimization progress session by session]", "One session so far.")
    # the example entry is the session form's: ctrl+l writes a real one in its place
    me.press("ctrl+l")
    me.wait(lambda: me.dialog() and "After" in me.term.text(), "the session form")
    # it opens on After (Before is the Current Value); Tab goes on to the Improvement it works
    # out, the lists, the notes, then round to the date (today), the name and Completed
    me.type("310ms")
    me.wait(lambda: me.shows("310ms") and me.shows("less time"), "After, and its Improvement")
    # a key bound to an action (Tab) acts once it has bubbled up to the app: letters sent
    # behind it would land in the box it leaves, so each box is typed in once the cursor is
    # in it, under its name
    for tabs, name, text, shown in (
        (2, "In Progress", "Tune the cache size", "Tune the cache size"),
        (1, "Issues", "Cold cache: warm it at deploy", "Cold cache: warm it at deploy"),
        (1, "Next Session", "Roll out\rProfile memory", "Profile memory"),
        (1, "Performance Notes", "Resizing dominated the profile.", "dominated the profile."),
    ):
        me.press(*["tab"] * tabs)
        me.wait_cursor_in(name)
        me.type(text)
        me.wait(lambda s=shown: me.shows(s), f"{shown!r} in {name}")
    me.press("tab", "tab")
    me.wait(lambda: re.fullmatch(r"\d{4}-\d\d-\d\d", me.selected()), "the date, selected")
    me.press("tab")
    me.wait(lambda: me.selected() and not me.selected()[:1].isdigit(), "the name, selected")
    me.type("Dana Whitfield")
    me.wait(lambda: me.shows("Dana Whitfield") and not me.selected(), "the name typed")
    me.press("tab")
    me.wait_cursor_in("Completed")
    me.type("Cached thumbnails\rMeasured p95")
    me.wait(lambda: me.shows("Measured p95"), "Completed typed")
    me.press("ctrl+s")
    me.wait(lambda: not me.dialog() and "Dana Whitfield" in term.text(), "the entry in the card")

    before = path.read_bytes()
    me.press("ctrl+s")
    me.wait(lambda: shows_saved(term, NAME) and path.read_bytes() != before, "the save")
    assert_no_traceback(term, "after filling the card")
    print(f"\nkeys sent to fill a new card from the keyboard: {me.keys}")

    # check: no error, no placeholder left
    proc = subprocess.run(
        [sys.executable, "-m", "perfcard_tui", "check", "--format", "json", NAME],
        cwd=term.workdir,
        env=term.environment(),
        capture_output=True,
        text=True,
    )
    report = json.loads(proc.stdout)
    (checked,) = report["files"]
    findings = checked["findings"]
    assert report["summary"]["errors"] == 0, findings
    assert not [f for f in findings if "placeholder" in f["code"]], findings

    # only the values changed: the text is what `new` wrote with each value's span replaced
    saved = path.read_text(encoding="utf-8")
    old, new = parse_card(original), parse_card(saved)
    assert shape(new) == shape(old), saved[saved.index("## Progress Notes") :]
    rebuilt, at = [], 0
    for (start, end), (new_start, new_end) in sorted(
        zip(value_spans(old), value_spans(new), strict=True)
    ):
        assert start >= at, "value spans overlap"
        rebuilt += [original[at:start], saved[new_start:new_end]]
        at = end
    assert "".join([*rebuilt, original[at:]]) == saved
    comment = (saved.index("<!--"), saved.index("-->"))
    left = [
        m.group() for m in PLACEHOLDER.finditer(saved) if not comment[0] <= m.start() < comment[1]
    ]
    assert left == []
