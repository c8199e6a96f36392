# Two commands set everything up from a fresh clone: `make serve` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve test site check bench clean system-deps install hooks

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Debian packages the tests need: Chromium for the browser tests, poppler for PDF text.
system-deps:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "Installing Debian's chromium (needed by the browser tests)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

serve: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: install system-deps
	NO_MKDOCS_2_WARNING=1 $(BIN)/pytest

check: install
	$(BIN)/python -m policysite.validate

# Run `make check` before every commit.
hooks: install
	$(BIN)/pre-commit install

# Check first, then build into a temporary directory and swap it in only on
# success, so a failed check or build never replaces the last good site.
site: install
	$(BIN)/python -m policysite.validate
	rm -rf site.new
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --quiet --site-dir site.new || { rm -rf site.new; exit 1; }
	rm -rf site.old; [ ! -d site ] || mv site site.old
	mv site.new site
	rm -rf site.old

clean:
	rm -rf site site.new site.old .pytest_cache

bench: install
	$(BIN)/python -m policysite.bench
