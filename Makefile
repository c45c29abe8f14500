# csp-desk: `make run` serves the app, `make test` runs every suite. Both install what is
# missing first, from the package registries only (crates.io, npm, Debian).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export CHROMEDRIVER ?= /usr/bin/chromedriver
# A fresh clone builds everything once: incremental caches would only take disk (CI's is small).
ifdef CI
export CARGO_INCREMENTAL := 0
endif

PORT ?= 8080
SERVE_PORT ?= 8090
TRUNK_VERSION := 0.21.14
# The CLI must equal the wasm-bindgen crate in Cargo.lock, or the generated glue will not load.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/"/, "", $$3); print $$3 }' Cargo.lock)
# The budget for the gzipped .wasm, in bytes; `make size` fails above it. Issue 13 raised it from
# 400,000 by what sign-in, Settings → Users and Add customer cost: 396,852 → 431,205 bytes.
# Issue 14 added Closing soon's pages (31 KB) and paid for them: English and the market names
# fetched like the other languages, case folding without std's Unicode tables, and wasm-opt
# run by scripts/finish-wasm.mjs (short import names, functions ordered by name); with issue
# 15's paged customer list it is 430,615 bytes, from 431,205 before issue 14. Reading 14 more
# types by hand paid for issue 15's other paged lists and the customer choice: 428,679 bytes,
# and the budget followed it down from 432,000. Enums read by a table of their names and
# wasm-opt's --converge paid for rows drawn by key: 428,673 bytes, the budget down from 429,000.
# The customer rows held back while typing cost 63 bytes of what was left: 428,736.
WASM_GZIP_BUDGET ?= 428900
# schemathesis and the OpenAPI validator, from PyPI, in a virtual environment of the project's.
API_VENV := target/api-venv
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help run serve server bench bench-domain bench-load bench-ui load-check test tools rust-tools chromium lint test-native test-wasm test-e2e test-api dist size generated clean

help:
	@echo "make run    build and serve the app on http://127.0.0.1:$(PORT)/ (embedded local backend)"
	@echo "make test   lint, native tests, wasm tests in headless Chromium, Playwright end to end"
	@echo "make serve  build the app and csp-server; serve both on http://127.0.0.1:$(SERVE_PORT)/ (shared SQLite)"
	@echo "make size   release build, and the compressed bytes of what a browser downloads"
	@echo "make bench  the domain's rebuild/decide benchmark and the server's load benchmark"
	@echo "make bench-ui  key to paint on the customers page at 10,000 and 100,000 customers"

## The two commands

run: rust-tools node_modules/.installed
	@echo "Building the release app, then serving it at http://127.0.0.1:$(PORT)/ (Ctrl-C stops)."
	trunk serve --release --address 127.0.0.1 --port $(PORT)

# One process is a whole shared deployment: the API, the SQLite event log, and the app.
serve: dist server
	@echo "csp-desk with csp-server at http://127.0.0.1:$(SERVE_PORT)/ (database target/csp-desk.sqlite3; Ctrl-C stops)"
	target/server/csp-server --demo --listen 127.0.0.1:$(SERVE_PORT) --db target/csp-desk.sqlite3 --static dist

server:
	cargo build -p csp-server --profile server

test: tools lint test-native test-wasm test-e2e test-api load-check size
	@echo "make test: every suite passed."

## Benchmarks: they print figures; nothing here times a test

bench: bench-domain bench-load

bench-domain:
	cargo bench -p csp-domain

# Requests per second and p50/p99 latency against csp-server on loopback, 5 s a scenario.
bench-load:
	cargo bench -p csp-server --bench load

# Key to paint on the customers page with 10,000 and 100,000 extra customers in the embedded
# backend, in headless Chromium, beside a plain-DOM page that draws only the visible rows; then
# the server's figures, whose last lines are the first page of 100,000 customers (time, bytes).
bench-ui: dist chromium end2end/node_modules/.installed
	cd end2end && node bench/ui.mjs
	LOAD_SECONDS=1 cargo bench -p csp-server --bench load

# The same load, 2 s a scenario: proves the server holds up under it, and prints the figures.
load-check:
	LOAD_SECONDS=2 cargo bench -p csp-server --bench load

## What the commands need

tools: rust-tools chromium node_modules/.installed end2end/node_modules/.installed $(API_VENV)/.installed

rust-tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
		echo "Installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 7 minutes the first time)"; \
		cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; \
	fi
	@if [ "$$(trunk --version 2>/dev/null)" != "trunk $(TRUNK_VERSION)" ]; then \
		echo "Installing trunk $(TRUNK_VERSION) (about 15 minutes the first time)"; \
		cargo install --locked trunk@$(TRUNK_VERSION) --force; \
	fi

chromium:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		echo "Installing Debian's chromium and chromium-driver"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium chromium-driver; \
	fi

# wasm-opt 132 from npm; Debian's binaryen 108 produces a wasm that leaves the page blank.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

$(API_VENV)/.installed: server/fuzz/requirements.txt
	python3 -m venv $(API_VENV)
	$(API_VENV)/bin/pip install --quiet --disable-pip-version-check -r server/fuzz/requirements.txt
	@touch $@

end2end/node_modules/.installed: end2end/package.json end2end/package-lock.json
	cd end2end && npm ci --no-audit --no-fund
	@touch $@

## The suites, each runnable alone

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p csp-desk --target wasm32-unknown-unknown --all-targets -- -D warnings

test-native:
	cargo test --workspace

# chromedriver gives each Chromium a profile folder (about 100 MB) in TMPDIR and leaves it there
# when the runner ends: a private TMPDIR, removed afterwards, keeps the disk clean.
test-wasm: rust-tools chromium
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	TMPDIR="$$tmp" cargo test -p csp-desk --target wasm32-unknown-unknown --test shell --test selling --test after_sale --test locale --test keyed_rows

# Then FILE.br and FILE.gz beside each text-like file, which csp-server sends when the browser
# accepts them (`make size` globs like dist/*.wasm still match only the files themselves).
dist: rust-tools node_modules/.installed
	trunk build --release
	node scripts/precompress.mjs dist

# Every flow twice: on the local backend, and on csp-server (one worker: its data is shared).
test-e2e: dist server chromium end2end/node_modules/.installed
	cd end2end && npx playwright test --project=local
	cd end2end && npx playwright test --project=server --workers=1
	cd end2end && npx playwright test --project=real --workers=1

# The API from outside: the served document validated as OpenAPI 3.1, then schemathesis (every
# check, the stateful phase) against a demo server; fails on any failure or server panic.
test-api: server $(API_VENV)/.installed
	scripts/test-api.sh $(API_VENV) target/server/csp-server

size: dist
	@echo "What a browser downloads (bytes):"
	@printf '%-44s %10s %10s %10s\n' file raw gzip-9 brotli
	@for file in dist/*.wasm dist/*.js dist/*.css dist/locales/*.json; do \
		raw=$$(wc -c < "$$file"); gz=$$(gzip -9 -c "$$file" | wc -c); \
		if [ -f "$$file.br" ]; then br=$$(wc -c < "$$file.br"); \
		else br=$$(command -v brotli >/dev/null && brotli -c -q 11 "$$file" | wc -c || echo n/a); fi; \
		printf '%-44s %10s %10s %10s\n' "$${file#dist/}" "$$raw" "$$gz" "$$br"; \
	done
	@wasm_gz=$$(gzip -9 -c dist/*.wasm | wc -c); \
	if [ "$$wasm_gz" -gt $(WASM_GZIP_BUDGET) ]; then \
		echo "The .wasm is $$wasm_gz bytes gzipped, over the budget of $(WASM_GZIP_BUDGET)."; exit 1; \
	else echo "The .wasm is $$wasm_gz bytes gzipped, within the budget of $(WASM_GZIP_BUDGET)."; fi

# Files written from the code: locales/en.json from the English catalog (translators read it
# beside their language's file) and public/demo-events.json from the demo seed (the browser
# fetches it to seed the local backend). `make test` fails while either is stale.
generated:
	UPDATE_GENERATED=1 cargo test -p csp-desk --lib -- the_english_file_is_the_english_catalog the_demo_file_is_the_demo_seed

clean:
	cargo clean
	rm -rf dist node_modules end2end/node_modules
