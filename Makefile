# Every target builds .venv from nothing when it is missing or older than pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CARD ?= sample_cards/PERF-7.md

.PHONY: run test lint typecheck pytest bench screenshots clean

$(BIN)/perfcard-tui: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: $(BIN)/perfcard-tui
	$(BIN)/perfcard-tui $(CARD)

test: $(BIN)/perfcard-tui lint typecheck pytest

lint: $(BIN)/perfcard-tui
	$(BIN)/ruff check perfcard_tui tests benchmarks
	$(BIN)/ruff format --check perfcard_tui tests benchmarks

typecheck: $(BIN)/perfcard-tui
	$(BIN)/mypy

# Pilot tests spend much of their time waiting (for timers, workers, the next frame), not
# computing: four workers on two cores take the tiers below the terminal from 4 to 2.5 minutes.
# worksteal, not xdist's default: that hands each worker a run of consecutive tests up front,
# so the Pilot tests (collected first) sat on one or two workers for a minute after the others
# had finished; an idle worker now takes half of the queue of the busiest one.
# The real-terminal tier runs after them, alone: its timing is what a user's terminal sees. It
# is given its folder so that it does not import (and rewrite the asserts of) every other test.
pytest: $(BIN)/perfcard-tui
	$(BIN)/pytest -q -n 4 --dist worksteal -m "not terminal"
	$(BIN)/pytest -q -m terminal tests/terminal

bench: $(BIN)/perfcard-tui
	$(BIN)/python benchmarks/bench_core.py
	$(BIN)/python benchmarks/bench_editor.py
	$(BIN)/python benchmarks/bench_terminal.py
	$(BIN)/python benchmarks/bench_size.py
	$(BIN)/python benchmarks/bench_board.py
	$(BIN)/python benchmarks/bench_import.py

screenshots: $(BIN)/perfcard-tui
	$(BIN)/python -m perfcard_tui.app.screenshots screenshots

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
