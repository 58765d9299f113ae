# The README's two commands: `make build` and `make test`.
# Each creates a virtual environment in .venv (once) and installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ARGS ?=
PYTEST_ARGS ?=

.PHONY: build test lab bench lint messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/python build_course.py $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lab: $(STAMP)
	$(BIN)/jupyter lab

bench: $(STAMP)
	$(BIN)/python bench/forum_bench.py
	$(BIN)/python bench/build_bench.py

lint: $(STAMP)
	$(BIN)/ruff check toolkit tests bench build_course.py
	$(BIN)/mypy

# Refresh the message catalogue after changing any learner-facing string.
messages: $(STAMP)
	$(BIN)/pybabel extract --no-location --sort-output -o toolkit/locale/toolkit.pot toolkit

# Test caches only: _build may hold a trainer's own files. `build_course.py --clean` rebuilds it
# from scratch and deletes only what the build made.
clean:
	rm -rf .pytest_cache .hypothesis
