# The README's two commands: `make build` and `make test`.
# Each creates a virtual environment in .venv (once) and installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ARGS ?=
PYTEST_ARGS ?=
# `make learn`: LEARN_ARGS="--host 0.0.0.0" serves a classroom (prints a link with a token).
LEARN_ARGS ?=
# `make classroom`: the live board for the room; BOARD_ARGS="--lan" lets phones on the Wi-Fi join.
BOARD_DB ?= workshop.sqlite
BOARD_ARGS ?=
# `make lab`: the learner's own copies of the learner edition, outside the tracked course.
WORKSPACE ?= workspace
LAB_ARGS ?=
# JupyterLab refuses to start as root (e.g. in a container) without --allow-root; a normal
# user never gets it.
LAB_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root)
# Keep the build as it is: PDFs only if an earlier `make build` made them.
LAB_BUILD := $(if $(wildcard _build/trainer/trainer-guide.pdf),,--no-pdf)
# `make lab COURSE_LANG=fr` (or ar): the learner edition in one of course.toml's languages, its
# own workspace, and the toolkit's messages in that language (docs/LANGUAGES.md).
COURSE_LANG ?= en
LANG_BUILD := $(if $(filter en,$(COURSE_LANG)),_build,_build/$(COURSE_LANG))
LANG_WORKSPACE := $(if $(filter en,$(COURSE_LANG)),$(WORKSPACE),$(WORKSPACE)-$(COURSE_LANG))

.PHONY: build test lab lab-trainer learn classroom bench lint messages translations clean hub-test hub-bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/python build_course.py $(ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# JupyterHub: a real hub with the npm proxy (docs/DEPLOY.md); the proxy goes in .hub/ (ignored).
HUB_PROXY := .hub/node_modules/.bin/configurable-http-proxy
$(HUB_PROXY):
	npm install --prefix .hub configurable-http-proxy@5
hub-test: $(STAMP) $(HUB_PROXY)
	TOOLKIT_REQUIRE_HUB=1 $(BIN)/python -m pytest tests/test_hub.py $(PYTEST_ARGS)
# The figures go beside the proxy in .hub/, not in _build/: the build refuses a folder that
# holds files it did not make.
hub-bench: $(STAMP) $(HUB_PROXY)
	$(BIN)/python bench/hub_bench.py --json .hub/hub_bench.json

# The classroom board: one live forum served to the learners' phones (docs/CLASSROOM.md).
classroom: $(STAMP)
	$(BIN)/python -m toolkit.classroom --db "$(BOARD_DB)" $(BOARD_ARGS)

# Learners: the learner edition (no answers), copied into $(WORKSPACE)/ (git-ignored). The
# build is incremental (seconds when nothing changed); a notebook she has worked in is kept.
lab: $(STAMP)
	$(BIN)/python build_course.py --quiet --lang $(COURSE_LANG) $(LAB_BUILD) || \
		echo "make lab: the build reported a problem (above); the workspace gets what was built."
	$(BIN)/python -m toolkit.course.workspace --course . --build "$(LANG_BUILD)" "$(LANG_WORKSPACE)"
	TOOLKIT_LANG=$(COURSE_LANG) $(BIN)/jupyter lab --ServerApp.root_dir="$(LANG_WORKSPACE)" $(LAB_ROOT) $(LAB_ARGS)

# Learners who do not code: the learner edition as apps in the browser (text, forms and
# feedback, no code), on this computer only.
learn: $(STAMP)
	$(BIN)/python build_course.py --quiet --lang $(COURSE_LANG) $(LAB_BUILD) || \
		echo "make learn: the build reported a problem (above); the learner mode opens what was built."
	TOOLKIT_LANG=$(COURSE_LANG) $(BIN)/python -m toolkit.learn $(LANG_BUILD)/learner $(LEARN_ARGS)

# Trainers and course authors: the sources in lessons/ and exercises/, WITH the answers.
# Never hand these to learners; autosave changes the tracked notebooks.
lab-trainer: $(STAMP)
	@echo "Trainer seat: lessons/ and exercises/ hold the answers. Learners use: make lab"
	$(BIN)/jupyter lab $(LAB_ROOT) $(LAB_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/forum_bench.py
	$(BIN)/python bench/build_bench.py
	$(BIN)/python bench/safety_bench.py
	$(BIN)/python bench/hostile_input_bench.py

lint: $(STAMP)
	$(BIN)/ruff check toolkit tests bench build_course.py
	$(BIN)/ruff format --check toolkit tests bench build_course.py
	$(BIN)/mypy

# Refresh the message catalogue after changing any learner-facing string.
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output -o toolkit/locale/toolkit.pot toolkit
	$(BIN)/pybabel update --previous --width 100 -i toolkit/locale/toolkit.pot -d toolkit/locale -D toolkit
	$(BIN)/pybabel compile --statistics -d toolkit/locale -D toolkit

# Refresh the lessons' translation catalogues (locale/) after editing a notebook or a quiz bank,
# and the translated quiz banks a learner's kernel reads (toolkit/quizzes/<lang>/) after a .po edit.
translations: $(STAMP)
	$(BIN)/python -m toolkit.course.l10n update

# Test caches only: _build may hold a trainer's own files. `build_course.py --clean` rebuilds it
# from scratch and deletes only what the build made.
clean:
	rm -rf .pytest_cache .hypothesis
