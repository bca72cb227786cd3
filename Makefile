# Every target builds .venv from nothing when it is missing or older than pyproject.toml.
# The interpreter .venv is built with: the system's own python3 when it is 3.11 or newer and
# can make a venv, else the first python3 on PATH (PYTHON=... picks another). Debian builds
# its CPython with profile-guided and link-time optimisation, into one static executable; the
# pyenv build that came first on PATH here was built from source without either, against a
# shared libpython. Debian's 3.11 ran the real-terminal tier in 99 s of CPU where the pyenv 3.11
# took 115 s (61.1 vs 69.8 s of wall time, interleaved runs), and a plain Python loop 23% faster.
PYTHON ?= $(or $(shell for p in /usr/bin/python3 python3; do \
	$$p -c 'import sys, ensurepip, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done),python3)
VENV := .venv
BIN := $(VENV)/bin
CARD ?= sample_cards/PERF-7.md

.PHONY: run test lint typecheck pytest terminal bench screenshots clean

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
# computing: four workers keep two cores busy. --dist worksteal, because xdist's default hands
# each worker a run of consecutive tests up front: the Pilot tests, collected first, kept one or
# two workers going for two minutes after the others had finished (this tier took 230-270 s
# here, balanced 114-137 s). The real-terminal tier runs after them, two files at a time, one
# per core: it is CPU-bound (an app and its emulator per test), and a third worker only added
# contention (58.0 and 57.9 s against 58.3 s with two, and 10 s more CPU). Not beside the Pilot
# tests: the echo of typing took four times as long there, the preview lagged up to three times
# as far, and a test failed. The speed budgets themselves are the benchmarks' business, run
# alone. Given its folder, it does not import every other test module.
pytest: $(BIN)/perfcard-tui
	$(BIN)/pytest -q -n 4 --dist worksteal -m "not terminal"
	$(MAKE) --no-print-directory terminal

# the real-terminal tier alone (benchmarks/tier_under_load.py runs it beside a busy loop)
terminal: $(BIN)/perfcard-tui
	$(BIN)/pytest -q -n 2 --dist loadfile --no-loadscope-reorder -m terminal tests/terminal

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
