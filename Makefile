# Two commands do everything: `make run` and `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA_DIR ?= data
PORT ?= 8501

.PHONY: run test test-fast lint bench schema system-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Debian packages the browser and PDF tests need; skipped when already present.
system-deps:
	@bash scripts/system-deps.sh

run: $(STAMP)
	mkdir -p $(DATA_DIR)
	@echo "Totem: http://localhost:$(PORT) (the French sample: http://localhost:$(PORT)/?sample=fr-industrie)"
	$(BIN)/streamlit run workbook/serve.py --server.port=$(PORT) --browser.gatherUsageStats=false

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy planner workbook

test: $(STAMP) system-deps lint
	$(BIN)/python -m planner schema --check schema/plan.schema.json
	$(BIN)/python -m pytest

# Everything but the real-browser journeys, for a quick loop while coding.
test-fast: $(STAMP) lint
	$(BIN)/python -m pytest -m "not e2e"

bench: $(STAMP) system-deps
	$(BIN)/python -m benchmarks.planner_scaling --out docs/benchmarks.md
	$(BIN)/python -m benchmarks.store_bench --out docs/benchmarks.md
	$(BIN)/python -m benchmarks.access_bench --out docs/benchmarks.md
	$(BIN)/python -m benchmarks.compare_bench --out docs/benchmarks.md
	$(BIN)/python -m benchmarks.tracking_bench --out docs/benchmarks.md
	$(BIN)/python -m benchmarks.export_bench --out docs/benchmarks.md
	$(BIN)/python -m benchmarks.latency --out docs/benchmarks.md
	$(BIN)/python -m benchmarks.load --out docs/benchmarks.md
	$(BIN)/python -m benchmarks.live_load --out docs/benchmarks.md
	$(BIN)/python -m benchmarks.live_load --shared-context --out docs/benchmarks.md
	$(BIN)/python -m benchmarks.memory --out docs/benchmarks.md
	$(BIN)/python -m benchmarks.profile --out docs/benchmarks.md

# Regenerate the published JSON Schema after a model change.
schema: $(STAMP)
	$(BIN)/python -m planner schema > schema/plan.schema.json

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
