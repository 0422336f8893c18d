# The two commands of the README. Each sets up what it needs: a virtual environment in .venv
# with the project and its test tools, and (for the tests, as root) Debian's Chromium.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve test build

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

## Build the site from the shipped content and serve it at http://127.0.0.1:8000/ (reloads on edits).
serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --livereload -a 127.0.0.1:8000

## Build the site once into site/ (strict: any warning fails).
build: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

## Run every test: content checks, golden files, real MkDocs builds, and browser tests in headless Chromium.
test: $(STAMP)
	@command -v chromium >/dev/null 2>&1 || [ "$$(id -u)" != 0 ] || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
	  echo "NOTICE: could not install Chromium; browser tests will be skipped"
	$(BIN)/kb validate --strict
	$(BIN)/pytest -q
