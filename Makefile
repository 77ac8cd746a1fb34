# The two commands in the README: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DEV_DB ?= sqlite:///$(CURDIR)/var/nyinorge.sqlite3
DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/nyinorge
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install messages check clean

PYTHON ?= python3

# Debian 12's own Python 3.11 (or any >= 3.11) makes the virtualenv: no compiler, no root.
$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,research,bench]'
	@touch $(STAMP)

install: $(STAMP)

run: install
	@mkdir -p var/static
	DATABASE_URL=$(DEV_DB) DEBUG=true $(VENV)/bin/nyinorge migrate --no-input
	DATABASE_URL=$(DEV_DB) DEBUG=true $(VENV)/bin/nyinorge load_reference_data
	DATABASE_URL=$(DEV_DB) DEBUG=true $(VENV)/bin/nyinorge load_demo
	DATABASE_URL=$(DEV_DB) DEBUG=true $(VENV)/bin/nyinorge synth --year 2019 --seed 1 --register
	DATABASE_URL=$(DEV_DB) DEBUG=true $(VENV)/bin/nyinorge grant_runs --year 2019
	DATABASE_URL=$(DEV_DB) DEBUG=true $(VENV)/bin/nyinorge synth_schemes --year 2019 --seed 1
	DATABASE_URL=$(DEV_DB) DEBUG=true $(VENV)/bin/nyinorge duplicates_batch
	@# The web server and the background-task worker (suggestion runs, emails) together; Ctrl+C stops both.
	DATABASE_URL=$(DEV_DB) DEBUG=true $(PY) scripts/dev.py $(HOST):$(PORT)

# Two workers, one per core of the 2-core machine; a test file stays on one worker (its module fixtures are built once).
PYTEST_ARGS ?= -n 2 --dist loadfile

test: install
	DATABASE_URL=$(DATABASE_URL) $(VENV)/bin/pytest $(PYTEST_ARGS)

# Extract new strings into the .po files (the translations' source of truth, see TRANSLATING.md) and
# compile them. Needs Debian's gettext; the compiled .mo files are committed, so run and test do not.
messages: install
	cd src/nyinorge && DEBUG=true ../../$(VENV)/bin/nyinorge makemessages -l nb -l en -l ar -l prs -l ps -l ti -l so -l uk -l kmr -l ckb --no-obsolete
	cd src/nyinorge && DEBUG=true ../../$(VENV)/bin/nyinorge compilemessages

check: install
	$(VENV)/bin/nyinorge check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var
