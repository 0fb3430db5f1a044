# Newsroom: `make run` serves the demo site, `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: run test install migrate setup lint check pytest lock clean browser-deps bench bench-cms

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

# lint-imports: the app layers in pyproject.toml ([tool.importlinter]); a lower app
# importing a higher one fails here.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

check: install
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run

# The browser checks (tests/browser: axe-core, the Nu Html Checker, reflow, screenshots)
# need Debian's Chromium, Java and node_modules; without them pytest skips them and says why.
BROWSER_MISSING = $(strip \
	$(if $(wildcard /usr/bin/chromium),,chromium) \
	$(if $(shell command -v java),,java) \
	$(if $(wildcard node_modules/axe-core/axe.min.js),,node_modules/axe-core) \
	$(if $(wildcard node_modules/vnu-jar/build/dist/vnu.jar),,node_modules/vnu-jar))

pytest: install
ifeq ($(BROWSER_MISSING),)
	@echo "== Browser checks run (Chromium, Java, axe-core and vnu-jar found); screenshots go to var/screenshots/"
else
	@echo "== Browser checks SKIPPED, missing: $(BROWSER_MISSING). Run 'make browser-deps' (as root) to install them."
endif
	$(BIN)/pytest $(PYTEST_ARGS)

# What the browser checks need: Debian's Chromium and a headless Java from apt (as root;
# never Playwright's own browser download), axe-core and vnu-jar from package-lock.json.
# --ignore-scripts: vnu-jar's postinstall would download a Java; Debian's is used instead.
browser-deps: install
	@if [ ! -x /usr/bin/chromium ] || ! command -v java >/dev/null || ! command -v npm >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			$$([ -x /usr/bin/chromium ] || echo chromium) \
			$$(command -v java >/dev/null || echo default-jre-headless) \
			$$(command -v npm >/dev/null || echo npm); \
	fi
	npm ci --ignore-scripts --no-audit --no-fund

test: lint check pytest

# Reader pages under load on loopback: static file, robots.txt, front page and seed story,
# cached, uncached and 304, and through Varnish when installed (docs/caching.md).
BENCH_SECONDS ?= 5
bench: install
	$(BIN)/python bench/serve.py --seconds $(BENCH_SECONDS)

# The uncached seed story beside Wagtail serving the same article (issue 14's first goal).
# The first run installs Wagtail into var/bench/wagtail-venv, apart from our own .venv.
bench-cms: install
	$(BIN)/python bench/cms_compare.py --seconds $(BENCH_SECONDS)

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
