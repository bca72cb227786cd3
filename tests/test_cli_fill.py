"""Issue 9's promise, end to end on the command line: "A new card filled through its fields alone
ends with no placeholder finding."

`new` makes a card; `fields --json` lists every part of it a person fills in (fields, blocks
``SECTION#item-N`` / ``SECTION#paragraph-N``, names ``SECTION#name-N``); `set` writes each one
still holding the template's placeholder, and `log` writes a session (it replaces the template's
example entry, which is `log`'s, not `set`'s). `check` then has no error and no placeholder
finding of any kind (``placeholder``, ``required-placeholder``, ``placeholder-name``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cli_server import Cli

from perfcard_tui.core.template import is_placeholder

PLACEHOLDER_CODES = {"placeholder", "required-placeholder", "placeholder-name"}
# what a person would write, where the rules read what is written (metrics, choices)
VALUES = {
    "current-performance/primary-metric/metric": "p95 thumbnail render time",
    "current-performance/primary-metric/current-value": "500ms",
    "current-performance/primary-metric/target-value": "200ms",
    "current-performance/primary-metric/improvement-goal": "60% faster",
    "current-performance/performance-impact/user-impact/severity": "High",
    "current-performance/performance-impact/user-impact/frequency": "Always",
    "current-performance/performance-impact/user-impact/affected-users": "All users",
    "current-performance/performance-impact/system-impact/resource-usage": "CPU",
    "current-performance/performance-impact/system-impact/scalability": "Limits growth",
    "current-performance/performance-impact/system-impact/reliability": "Causes timeouts",
    "root-cause/performance-bottleneck/type": "Algorithm complexity",
    "optimization-approach/high-level-strategy/approach": "Caching",
    "optimization-approach/high-level-strategy/expected-improvement": "60% faster",
    "optimization-approach/high-level-strategy/complexity": "Medium",
    "optimization-approach/high-level-strategy/risk": "Low",
    "benchmarking/benchmark-setup/tool": "pytest-benchmark",
    "benchmarking/performance-comparison/table/row-1/metric": "p95 thumbnail render time",
    "benchmarking/performance-comparison/table/row-1/before": "500ms",
    "benchmarking/performance-comparison/table/row-1/after": "190ms",
    "benchmarking/performance-comparison/table/row-1/improvement": "62% faster",
    "benchmarking/performance-comparison/table/row-2/metric": "p50 render time",
    "benchmarking/performance-comparison/table/row-2/before": "200ms",
    "benchmarking/performance-comparison/table/row-2/after": "100ms",
    "benchmarking/performance-comparison/table/row-2/improvement": "50% faster",
    "benchmarking/performance-comparison/table/row-3/metric": "Peak memory",
    "benchmarking/performance-comparison/table/row-3/before": "400MB",
    "benchmarking/performance-comparison/table/row-3/after": "300MB",
    "benchmarking/performance-comparison/table/row-3/improvement": "25% less",
    "trade-offs/memory-vs-speed/trade-off": "More memory for speed",
    "related-cards/enables/enables": "PERF-7 - the gallery loads at once",
    "related-cards/related/related": "PERF-9 - the same cache for previews",
}


def rows(perfcard: Cli, card: Path) -> list[dict[str, Any]]:
    proc = perfcard("fields", card, "--json")
    assert proc.returncode == 0, proc.stderr
    listed: list[dict[str, Any]] = json.loads(proc.stdout)
    return listed


def value_for(row: dict[str, Any], n: int) -> str:
    if row["path"] in VALUES:
        return str(VALUES[row["path"]])
    if row["kind"] == "check":  # `[Root cause is understood]`: the words, as a person says them
        return str(row["value"]).replace("[Target metric value]", "200ms").strip("[]")
    if row["kind"] == "name":
        return f"Step {n}"
    if row["kind"] == "code":
        return f"render_all()  # {n}\n"
    return f"Filled in {n}"


def placeholder_findings(perfcard: Cli, card: Path) -> list[tuple[str, int]]:
    report = json.loads(perfcard("check", card, "--format", "json", "--no-cache").stdout)
    findings = report["files"][0]["findings"]
    return [(f["code"], f["line"]) for f in findings if f["code"] in PLACEHOLDER_CODES]


def fill(perfcard: Cli, card: Path, todo: list[dict[str, Any]], first: int) -> None:
    for n, row in enumerate(todo, start=first):
        if row["kind"] == "check":  # its text (`--text`), its box left as it is
            proc = perfcard("set", card, row["path"], "--text", value_for(row, n))
        else:
            proc = perfcard("set", card, row["path"], "--", value_for(row, n))
        assert proc.returncode == 0, (row["path"], proc.stderr)


def test_a_new_card_filled_through_its_fields_alone_has_no_placeholder_finding(
    cli: Cli, tmp_path: Path
) -> None:
    card = tmp_path / "PERF-12.md"
    assert cli("new", card, "--title", "PERF-12: Slow thumbnails").returncode == 0
    (tmp_path / "PERF-7.md").write_text("# PERF-7\n", "utf-8")  # the cards it links to
    (tmp_path / "PERF-9.md").write_text("# PERF-9\n", "utf-8")
    listed = rows(cli, card)
    todo = [row for row in listed if is_placeholder(row["value"].strip())]
    kinds = {row["kind"] for row in todo}
    assert kinds == {"text", "prose", "code", "cell", "check", "item", "paragraph", "name"}

    # every field and block first, then every name: a name's rename changes the paths of the
    # fields under it (a name's address does not move when its text changes)
    values = [row for row in todo if row["kind"] != "name"]
    fill(cli, card, values, 1)
    # what issue 9 saw: the fields filled, the names still the template's (now reported)
    names = [row for row in todo if row["kind"] == "name"]
    assert [row["value"] for row in names] == ["[Optimization 1]", "[Optimization 2]"] * 2
    left = placeholder_findings(cli, card)
    assert [code for code, _ in left if code == "placeholder-name"] == ["placeholder-name"] * 4
    fill(cli, card, names, len(values) + 1)

    # the template's example session entry is `log`'s: the first session replaces it whole
    logged = cli(
        "log", card, "--date", "2026-01-02", "--name", "Dana", "--completed", "Cached thumbnails",
        "--after", "190ms", "--notes", "The cache hit rate is 97%",
    )  # fmt: skip
    assert logged.returncode == 0, logged.stderr

    assert [row["path"] for row in rows(cli, card) if is_placeholder(row["value"].strip())] == []
    assert placeholder_findings(cli, card) == []
    report = json.loads(cli("check", card, "--format", "json", "--no-cache").stdout)
    assert [f for f in report["files"][0]["findings"] if f["severity"] == "error"] == []
    text = cli("check", card, "--no-cache")
    assert text.returncode == 0 and "1 files, 0 errors" in text.stdout
