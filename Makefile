# The two commands of the README, and the tools around them. Each sets up what it needs: a
# virtual environment in .venv with exactly the versions in requirements/lock.txt (hashes
# checked), and (for the tests, as root) Debian's Chromium.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements/lock.txt
STAMP := $(VENV)/.installed
# cffconvert (the CITATION.cff validator the tests run) pins jsonschema<4, so it lives in a venv
# of its own inside .venv, from a lock of its own (requirements/cffconvert.in says why).
CFF_LOCK := requirements/cffconvert.txt
CFF_VENV := $(VENV)/cffconvert
# The canary: the newest versions pyproject.toml allows, in a venv of its own.
LATEST := .venv-latest
# The tool that writes the lock, itself pinned so that a refresh is repeatable.
UV_VERSION := 0.13.9

.PHONY: serve build build-zensical test test-latest lock versions

# A new or changed lock rebuilds the venv from scratch, so nothing from an older lock lingers.
# --no-build-isolation: the build backend comes from the lock too, nothing is downloaded apart.
$(STAMP): $(LOCK) $(CFF_LOCK) pyproject.toml
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/pip check
	$(PYTHON) -m venv $(CFF_VENV)
	$(CFF_VENV)/bin/pip install --quiet --require-hashes --no-deps -r $(CFF_LOCK)
	$(CFF_VENV)/bin/pip check
	touch $(STAMP)

## Build the site from the shipped content and serve it at http://127.0.0.1:8000/knowledge-base/
## (reloads on edits).
serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --livereload -a 127.0.0.1:8000

## Build the site once into site/ (strict: any warning fails).
build: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

## The same site built with Zensical (Material's successor) instead of MkDocs, into
## site-zensical/: `kb pages --out` writes every page as Markdown, `kb zensical-config` derives
## the configuration from mkdocs.yml, and `kb index` adds the same Pagefind search.
ZENSICAL_DOCS := build/zensical-docs
build-zensical: $(STAMP)
	rm -rf $(ZENSICAL_DOCS) site-zensical
	$(BIN)/kb pages --out $(ZENSICAL_DOCS)
	$(BIN)/kb zensical-config --out zensical.gen.yml --docs $(ZENSICAL_DOCS) --site site-zensical
	$(BIN)/zensical build --config-file zensical.gen.yml
	$(BIN)/kb index site-zensical

# Chromium for the browser tests (Debian's package; as root only, else they skip outside CI).
CHROMIUM = @command -v chromium >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  echo "NOTICE: could not install Chromium; browser tests will be skipped"

# The whole suite with the tools of one venv ($(1)): content checks, the type checker, the
# import layers (pyproject's [tool.importlinter]), golden files, real MkDocs builds, and
# browser tests in headless Chromium.
define run_tests
	$(1)/kb validate --strict
	$(1)/mypy
	$(1)/lint-imports
	$(1)/pytest -q
endef

## Run every test, with the locked versions.
test: $(STAMP)
	$(CHROMIUM)
	$(call run_tests,$(BIN))

## The canary: every test with the newest versions pyproject.toml allows (a fresh venv each time,
## no pip cache). A failure here that `make test` does not have means something upstream moved.
test-latest:
	$(CHROMIUM)
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/pip install --quiet --no-cache-dir --upgrade pip
	$(LATEST)/bin/pip install --quiet --no-cache-dir --upgrade --upgrade-strategy eager -e ".[test]"
	$(PYTHON) -m venv $(LATEST)/cffconvert
	$(LATEST)/cffconvert/bin/pip install --quiet --no-cache-dir -r requirements/cffconvert.in
	$(LATEST)/bin/pip list --format freeze
	$(call run_tests,$(LATEST)/bin)

# The canary's tests find its cffconvert here (tests/test_package.py).
test-latest: export KB_CFFCONVERT := $(CURDIR)/$(LATEST)/cffconvert/bin/cffconvert

## Refresh the lock: the newest versions pyproject.toml allows, for every Python it supports.
lock:
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet uv==$(UV_VERSION)
	.venv-lock/bin/uv pip compile pyproject.toml requirements/build.in --extra test \
	  --universal --python-version 3.10 --generate-hashes --no-header \
	  --output-file $(LOCK)
	.venv-lock/bin/uv pip compile requirements/cffconvert.in \
	  --universal --python-version 3.10 --generate-hashes --no-header \
	  --output-file $(CFF_LOCK)
	rm -rf .venv-lock

## Print the Python and package versions of the test venv (CI prints them before the tests).
versions: $(STAMP)
	@$(BIN)/python --version
	@$(BIN)/pip list --format freeze
