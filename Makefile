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

# The real-terminal tier spends its time waiting for what the screen shows: it runs beside the
# other two (its tests hold up beside a busy core: they wait for the screen, never sleep), and
# the two results are reported one after the other. `pytest -q` alone runs all three in turn.
pytest: $(BIN)/perfcard-tui
	@tmp=$$(mktemp -d); \
	$(BIN)/pytest -q -m terminal -p no:cacheprovider --basetemp=$$tmp/t > $$tmp/terminal.log 2>&1 & \
	terminal=$$!; \
	$(BIN)/pytest -q -m "not terminal"; rest=$$?; \
	wait $$terminal; term=$$?; \
	echo "-- the real-terminal tier (tests/terminal), run beside the others --"; \
	cat $$tmp/terminal.log; rm -rf $$tmp; \
	test $$rest -eq 0 && test $$term -eq 0

bench: $(BIN)/perfcard-tui
	$(BIN)/python benchmarks/bench_core.py
	$(BIN)/python benchmarks/bench_editor.py
	$(BIN)/python benchmarks/bench_terminal.py
	$(BIN)/python benchmarks/bench_size.py

screenshots: $(BIN)/perfcard-tui
	$(BIN)/python -m perfcard_tui.app.screenshots screenshots

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
