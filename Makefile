# Two commands set everything up from a fresh clone: `make serve` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve test site offline check bench clean system-deps install hooks lighthouse properdocs proposal due approve correct

install: $(STAMP)

# Every Python package, pip and setuptools included, comes from requirements.txt: exact versions, each
# file checked against its sha256 (`--require-hashes`; README.md says how to regenerate the file). The
# project itself is then installed from this folder without dependencies or a download: the pinned
# setuptools builds it (`--no-build-isolation`), so nothing unpinned is ever fetched.
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Debian packages: Pango and HarfBuzz's subsetter for WeasyPrint (without
# libharfbuzz-subset0 it is several times slower), poppler-utils for the PDF
# tests, Chromium and nginx for the browser tests (the tests serve the site with
# hosting/nginx.conf on a free port of 127.0.0.1, as the current user). Installing
# nginx does not disturb anything: Debian's package starts its default server on
# port 80 only where services may start and the port is free, and the tests never use it.
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils
NGINX := /usr/sbin/nginx
system-deps:
	@missing="$$(for p in $(DEBIAN_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done)"; \
	[ -x $(CHROMIUM) ] || missing="$$missing chromium"; \
	[ -x $(NGINX) ] || missing="$$missing nginx"; \
	if [ -n "$$(echo $$missing)" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && $(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# Which edition to build (policysite.editions, extra.edition in mkdocs.yml): `public`, the default,
# leaves out every document with `classification: internal`; `internal` is the intranet edition with
# every document. The internal edition gets its own output (site-internal/, its own offline zip), so it
# never lands in site/, where the public site is published from.
EDITION ?= public
SITE_DIR := $(if $(filter internal,$(EDITION)),site-internal,site)

serve: install
	POLICYSITE_EDITION=$(EDITION) NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# One worker per core; a worker that runs out of tests takes some of the other's (--dist worksteal). Every build
# the tests share is made once per session whichever worker needs it first (tests/conftest.py: shared), so no
# test file has to stay on one worker; the slowest tests start first. PYTEST_WORKERS=0 runs it serially.
PYTEST_WORKERS ?= 2
test: install system-deps
	NO_MKDOCS_2_WARNING=1 $(BIN)/pytest $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist worksteal)

check: install
	$(BIN)/python -m policysite.validate
	$(BIN)/python -m policysite.history

# Run `make check` before every commit.
hooks: install
	$(BIN)/pre-commit install

# Check first, then build (with PDFs) into a temporary directory of its own and swap it in
# only on success, so a failed check or build never replaces the last good site. The swap
# holds a lock, so two builds at once each publish a whole site, never a mix.
# policysite.build is `mkdocs build --strict` showing warnings and errors only: unlike
# `mkdocs build --quiet`, it fails on every warning strict mode counts (MkDocs issue #4126).
# Dates come from the last commit, not the clock, so a commit always builds the same.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
site: install system-deps
	$(BIN)/python -m policysite.validate
	new="$$(mktemp -d $(SITE_DIR).new.XXXXXX)" && trap 'rm -rf "$$new"' EXIT && \
	$(if $(SOURCE_DATE_EPOCH),SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH)) POLICYSITE_PDF=1 NO_MKDOCS_2_WARNING=1 \
	  POLICYSITE_EDITION=$(EDITION) $(BIN)/python -m policysite.build --site-dir "$$new" && \
	chmod 755 "$$new" && \
	flock $(SITE_DIR).lock sh -c 'rm -rf "$$1.old" && { [ ! -d "$$1" ] || mv -T "$$1" "$$1.old"; } && \
	  mv -T "$$2" "$$1" && rm -rf "$$1.old"' swap $(SITE_DIR) "$$new"

# The offline copy for when the network is down: the site with its PDFs, made to work from the
# file system (search included) and zipped. Checked and built like `make site`, in a temporary
# directory; the zip is replaced only by a complete new one (policysite.offline).
OFFLINE_ZIP := dist/sakerhet-region-blekinge-offline$(if $(filter internal,$(EDITION)),-intern).zip
offline: install system-deps
	$(BIN)/python -m policysite.validate
	tmp="$$(mktemp -d)" && trap 'rm -rf "$$tmp"' EXIT && \
	export $(if $(SOURCE_DATE_EPOCH),SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH)) NO_MKDOCS_2_WARNING=1 \
	  POLICYSITE_EDITION=$(EDITION) && \
	POLICYSITE_OFFLINE=1 POLICYSITE_PDF=1 $(BIN)/python -m policysite.build --site-dir "$$tmp/site" && \
	$(BIN)/python -m policysite.offline "$$tmp/site" $(OFFLINE_ZIP)

clean:
	rm -rf site site.new* site.old site.lock site-internal site-internal.new* site-internal.old site-internal.lock dist \
	  .pytest_cache .cache

# Every target of the build, the edit loop and the test suite in one run (bench/, outside the product package;
# README.md, "The benchmark"): about 45 minutes on an idle machine; writes bench/results.md.
bench: install
	$(BIN)/python -m bench

# Lighthouse on the Swedish and English start pages (mobile emulation, simulated throttling), the public site
# built with HTML only and served by Debian's nginx with hosting/nginx.conf, as the browser tests serve it.
# Fails unless, over 3 runs a page, the median performance reaches 0.95 and every run accessibility 1.0 and
# best practices 1.0 (tools/lighthouse/run.py). Reports go to tests/artifacts/lighthouse/, the summary to
# tools/lighthouse/results.md.
# Lighthouse is pinned in tools/lighthouse/package-lock.json and installed here, never at test time. Not part of
# `make test`: the install and six runs take minutes, and the performance score depends on the machine's load.
LIGHTHOUSE_STAMP := tools/lighthouse/node_modules/.installed
$(LIGHTHOUSE_STAMP): tools/lighthouse/package.json tools/lighthouse/package-lock.json
	@command -v npm >/dev/null || { echo "make lighthouse: npm is missing (Debian: apt-get install nodejs npm)"; exit 2; }
	cd tools/lighthouse && npm ci --no-audit --no-fund --ignore-scripts
	touch $@
lighthouse: install system-deps $(LIGHTHOUSE_STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/python tools/lighthouse/run.py

# The engine fallback (notes/decisions/0009-engine-exit-plan.md): the site built by ProperDocs, the fork of MkDocs 1.6,
# must be our MkDocs build of the same tree, file for file, the generator <meta> aside (tools/engine/compare.py). Both
# are `make site`'s publishing build without PDFs. ProperDocs runs from its own environment, tools/engine/.venv, made
# once from tools/engine/requirements-properdocs.txt (the network is needed then). Part of no other target.
# Without a SITE_URL both builds name the tests' stand-in address; the two sites are compared, never published.
properdocs: install
	tmp="$$(mktemp -d)" && trap 'rm -rf "$$tmp"' EXIT && \
	export SITE_URL="$${SITE_URL:-https://sakerhet.regionblekinge.se/}" NO_MKDOCS_2_WARNING=1 POLICYSITE_EDITION=$(EDITION) \
	  $(if $(SOURCE_DATE_EPOCH),SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH)) && \
	$(BIN)/python -m policysite.build --site-dir "$$tmp/mkdocs" && \
	$(BIN)/python tools/engine/properdocs.py --root . --site-dir "$$tmp/properdocs" && \
	$(BIN)/python tools/engine/compare.py "$$tmp/mkdocs" "$$tmp/properdocs"

# The reviews that fall due, for the document owners' planning (policysite.due): from the working tree, every document
# whose next review is overdue or falls within DAYS days (default 90), most overdue first, internal ones marked. Only
# the documents of one edition with EDITION=… on the command line. A list, not a check: it exits 0 whatever is due.
DAYS ?= 90
due: install
	$(BIN)/python -m policysite.due --days "$(DAYS)" $(if $(filter command line,$(origin EDITION)),--edition "$(EDITION)")

# A decision basis (beslutsunderlag) for a proposed version, from the working tree: `make proposal ID=SAK-POL-001`
# writes one PDF per language to dist/proposals/ (OUT=… elsewhere), marked "Förslag – inte beslutat" on every page:
# the metadata the decision needs, the editors' summary, the changes against the version in force (Git's record)
# marked, and the whole proposed text (policysite.proposal). Never published; `make serve` shows the same comparison
# at /forslag/<id>/. It refuses, with the reason and the fix, an unknown id, a version that is not higher than the
# one in force, a text without a change, and a tree the check fails on.
proposal: install
	@[ -n "$(ID)" ] || { echo "make proposal: give the document's id, e.g. make proposal ID=SAK-POL-001"; exit 2; }
	$(BIN)/python -m policysite.proposal "$(ID)" $(if $(OUT),--out "$(OUT)")

# Record a decision (policysite.approve; CONTRIBUTING.md, "Approving a version") once the body has decided and the
# pages hold the decided text: `make approve ID=SAK-POL-001 VERSION=2.1 BODY=regionstyrelsen DATE=2026-05-12
# CASE="RS 2026/123" TYPE=substantive` (DATE and CASE may be `unknown`). Everything is checked first; a problem is
# refused with the reason and the fix, and nothing is touched. Then it sets the Swedish front matter, runs the check,
# commits only the document's two pages with the Decision and Change-type trailers and makes the annotated tag.
# Nothing is pushed: it prints the push command. The values reach the command through the environment (make exports
# command-line variables), so quotes or `$` in them are never read by the shell.
approve: install
	$(BIN)/python -m policysite.approve "$$ID" "$$VERSION" --body "$$BODY" --date "$$DATE" --case "$$CASE" --type "$$TYPE"

# Correct the record (policysite.correct; CONTRIBUTING.md, "Correcting the record") with a new commit whose Correction
# trailer withdraws a decision never taken, `make correct ID=… VERSION=… WITHDRAW=1 REASON="…" REASON_EN="…"` (a page
# still showing that version becomes a draft), or corrects its facts, `make correct ID=… VERSION=… BODY=… DATE=…
# CASE=… REASON="…" REASON_EN="…"` (and the page's, if it still shows that version). Checked and refused as approve is;
# nothing is pushed.
correct: install
	$(BIN)/python -m policysite.correct "$$ID" "$$VERSION" $(if $(filter 1,$(WITHDRAW)),--withdraw) \
	  --body "$$BODY" --date "$$DATE" --case "$$CASE" --reason "$$REASON" --reason-en "$$REASON_EN"
