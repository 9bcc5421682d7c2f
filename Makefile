# One-command set-up: `make demo` and `make test` create .venv on first use.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint model title-model bench bench-tag bench-report bytecode clean

$(STAMP): pyproject.toml setup.py skillmap/pipeline/_scan.c pipelines/skillmap_ev/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]" -e pipelines/skillmap_ev
	touch $(STAMP)

# An editable install leaves the package without bytecode, and where PYTHONDONTWRITEBYTECODE
# is set every command would compile it from source again (0.1-0.15 s of each start-up).
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q skillmap

demo: bytecode
	$(BIN)/skillmap demo

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check skillmap tests benchmarks

model: $(STAMP)
	$(BIN)/skillmap build-model models/skillmap_ev
	$(BIN)/python -m skillmap.mirrors

title-model: $(STAMP)
	$(BIN)/skillmap build-title-model models/title_coder

bench: bytecode
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_titles.py

bench-tag: bytecode
	$(BIN)/python benchmarks/bench_tag.py

# Report scaling: rows/s and peak memory over 50k, 1M and 5M synthetic tagged rows.
bench-report: $(STAMP)
	$(BIN)/python benchmarks/bench_report.py

clean:
	rm -rf $(VENV) build dist *.egg-info
