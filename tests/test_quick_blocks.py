"""The quick reader of simple sections (``core/quick_blocks.py``) gives exactly markdown-it's
block tokens, or declines.

The oracle is markdown-it itself, configured as the parser configures it. Every plain section
of every card we have, and random sections built from the lines that make lists, paragraphs,
fences and breaks hard (indents off by one, lazy lines, markers that change, ordered items that
could continue a paragraph, reference definitions, tabs, CRLF), must give equal tokens, every
attribute the card model could read compared, or None.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from perfcard_tui.core import outline
from perfcard_tui.core.quick_blocks import block_tokens
from perfcard_tui.core.store import line_starts

REPO = Path(__file__).resolve().parents[1]
_md = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])
_COMPARED = (
    "type",
    "tag",
    "nesting",
    "map",
    "level",
    "markup",
    "info",
    "content",
    "hidden",
    "attrs",
    "children",
    "block",
)


def _signature(tokens: list[Token]) -> list[tuple[object, ...]]:
    return [tuple(getattr(t, name) for name in _COMPARED) for t in tokens]


def same_or_declined(section: str) -> bool:
    """Assert the reader agrees with markdown-it on ``section``; True when it read it, False
    when it declined."""
    quick = block_tokens(section)
    if quick is None:
        return False
    assert _signature(quick) == _signature(_md.parse(section)), section
    return True


def plain_sections(text: str) -> list[str]:
    starts = line_starts(text)
    chunks = outline.chunks(text, starts)
    ends = [starts[c.first_line] for c in chunks[1:]] + [len(text)]
    return [
        text[starts[c.first_line] : end] for c, end in zip(chunks, ends, strict=True) if c.plain
    ]


def test_every_plain_section_we_have_reads_as_markdown_it_reads_it(card_path: Path) -> None:
    try:
        text = card_path.read_bytes().decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: a card the store refuses")
    for section in plain_sections(text):
        same_or_declined(section)
    same_or_declined(text)  # and the card whole, as a chunk of many sections is read


def test_it_reads_most_of_a_real_card() -> None:
    # a reader that declined everything would pass every test above and speed nothing up
    text = (REPO / "sample_cards" / "PERF-7.md").read_text(encoding="utf-8")
    sections = plain_sections(text)
    read = [s for s in sections if same_or_declined(s)]
    assert len(read) >= 0.8 * len(sections)


@pytest.mark.parametrize(
    "body",
    [
        "| a | b |\n|---|---|\na row without its pipes\n",
        "text\n| a | b |\n|---|---|\n",  # a table that ends a paragraph
        "> quoted\n",
        "- item\n\ttabbed\n",
        "```\nnever closed\n",
        "text\n2. an ordered item that only continues the text\n",
        "- [label]: https://example.com\n",  # a link reference definition in an item
        "    indented code\n",
        "text\n---\n",  # a setext underline
        "- item\n  <div>\n",
        "-  two spaces after the marker\n",
    ],
    ids=lambda b: b.split("\n")[0][:24],
)
def test_what_it_does_not_take_it_leaves_to_markdown_it(body: str) -> None:
    assert block_tokens("## S\n" + body) is None


@pytest.mark.parametrize("edge", ["\x1c", "\x1f", "\x85"], ids=["FS", "US", "NEL"])
def test_text_is_trimmed_as_markdown_it_trims_it(edge: str) -> None:
    # str.strip() takes these off the ends of a paragraph or a heading; markdown-it does not
    assert same_or_declined(f"## Title {edge}\n\ntext{edge}\n\n- item{edge}\n")


def test_a_comment_before_a_last_line_of_blanks_keeps_its_break() -> None:
    # markdown-it counts a last line of spaces with no break as no line at all; the line
    # before it still ends with its break
    assert same_or_declined("## S\n<!-- one line -->\n  ")


def test_crlf_reads_as_lf() -> None:
    section = "## S\r\n\r\n- **A**: 1\r\n  - [ ] b\r\n\r\ntext\r\n"
    assert same_or_declined(section)


# lines of the kinds the reader takes: about half the sections built from them alone are read
_TAKEN_LINES = [
    "",
    "## Section",
    "## Edge \x1c",
    "text ends \x85",
    "# Title #",
    "# Title",
    "### Sub ###",
    "Para text",
    "**Label**: value",
    "**Group:**",
    "lazy continuation",
    "[ ] box as text",
    "- item",
    "- **Label**: value",
    "- [ ] task",
    "* star item",
    "+ plus item",
    " - one space in",
    "  - nested",
    "   - three in",
    "    - four in",
    "      - six in",
    "  continued",
    "   continued 3",
    "1. one",
    "2. two",
    "1) paren",
    "10. ten",
    "  1. nested one",
    "- `code` first",
    "```python\ncode # comment\n  ```",
    "~~~\n```\n~~~~",
    "---",
    "<!-- one line -->",
    "<!--\nguidance\n\n-->",
    "trailing  ",
    "2026-11-10 release",
    "  \u00a0nbsp",
]

# and lines that make it decline, or that sit at the edge of what it takes (with them, about
# one section in ten is read)
_TRICKY_LINES = [
    "  ",
    "#no space",
    " ## indented",
    "*emphasis* text",
    "[Placeholder text]",
    "[ref]: https://example.com",
    "- [x] done",
    "-  two spaces",
    "-",
    "        - eight in",
    "    continued 4",
    "     continued 5",
    "100. hundred",
    "   2. nested two",
    "1.",
    "```",
    "```python",
    "``` a`b",
    "~~~",
    "  ```",
    "    ```",
    "code # comment",
    "***",
    "___",
    "- - -",
    "* * *",
    "===",
    "> quote",
    "<div>",
    "<!-- comment",
    "-->",
    "  <!--",
    "| a | b |",
    "|---|---|",
    "| :-- | --: |",
    "--- | ---",
    "- | -",
    "| esc \\| pipe |",
    "|",
    "\ttab",
]


@settings(max_examples=1500, derandomize=True, deadline=None)
@given(
    st.lists(st.sampled_from(_TAKEN_LINES + _TRICKY_LINES), max_size=24),
    st.booleans(),
    st.booleans(),
)
def test_random_sections_read_as_markdown_it_reads_them(
    lines: list[str], final_break: bool, crlf: bool
) -> None:
    newline = "\r\n" if crlf else "\n"
    same_or_declined(newline.join(["## S", *lines]) + (newline if final_break else ""))


@settings(max_examples=1500, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(_TAKEN_LINES), max_size=24), st.booleans())
def test_random_simple_sections_read_as_markdown_it_reads_them(
    lines: list[str], final_break: bool
) -> None:
    same_or_declined("\n".join(["## S", *lines]) + ("\n" if final_break else ""))


# tables among the blocks that may end them or be taken for them (one section in seven built
# from these is read, about one in fifteen with a table)
_TABLE_LINES = [
    "",
    "",
    "| a | b |",
    "|---|:-:|",
    "| :-- | --: |",
    "|-|-|",
    "| 1 |",
    "| 1 | 2 |",
    "|  |  |",
    "| x \\| y | z | w |",
    "--- | ---",
    "a | b",
    "para",
    "## H",
    "- item",
    "| a | b |\n|---|:-:|\n| 1 | 2 |",
    "| Metric | Before |\n| --- | ---: |\n| p95 | 420ms |\n| p99 \\| x | 9 | extra |\n| short |",
    "a | b\n:-- | --\n|c|",
    "|x|\n|-|",
]


@settings(max_examples=1500, derandomize=True, deadline=None)
@given(st.lists(st.sampled_from(_TABLE_LINES), max_size=16))
def test_random_tables_read_as_markdown_it_reads_them(lines: list[str]) -> None:
    same_or_declined("\n".join(["## S", *lines]) + "\n")
