# Newsroom: `make run` serves the demo site, `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: run test install migrate setup lint check pytest lock clean

# The virtualenv is rebuilt only when the declared or locked dependencies change.
$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

install: $(VENV)/.installed

migrate: install
	$(MANAGE) migrate --no-input

# Loads the seed story and creates the local editor and reporter accounts,
# only into an empty database: running it again keeps everyone's work.
setup: migrate
	$(MANAGE) bootstrap_site

run: setup
	$(MANAGE) runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run

pytest: install
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint check pytest

# Re-pin every dependency (after editing pyproject.toml) from a throwaway environment.
lock:
	rm -rf $(VENV)-lock
	$(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/python -m pip install --quiet --upgrade pip
	$(VENV)-lock/bin/python -m pip install --quiet -e '.[dev]'
	$(VENV)-lock/bin/python -m pip freeze --exclude-editable | sort -f > requirements.lock
	rm -rf $(VENV)-lock

clean:
	rm -rf $(VENV) newsroom.egg-info
