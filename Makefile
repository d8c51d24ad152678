# Every target sets up .venv on first use, so a fresh clone needs only `make serve` or `make test`.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
BENCH_STAMP := $(VENV)/.bench-stamp
# Where `make serve` listens.
SERVE_ADDR ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help install serve site offline pdf test browser lint format lock clean bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock package.json package-lock.json
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

install: $(STAMP) ## Create .venv and install the pinned dependencies

serve: $(STAMP) ## Build the site with execution and serve it on 127.0.0.1:8000 (or SERVE_ADDR), reloading on edits
	$(BIN)/mkdocs serve --dev-addr $(SERVE_ADDR) --watch snippets --watch imgs --watch overrides --watch docexec

site: $(STAMP) ## Build the static site into site/, running the page code (cached in .cache/)
	$(BIN)/mkdocs build

offline: $(STAMP) ## Build the site for reading from file:// (search included) and zip it into dist/
	rm -rf dist/offline dist/pytorch-nn-layers-offline.zip
	DOCEXEC_OFFLINE=true $(BIN)/mkdocs build --site-dir dist/offline
	cd dist && $(abspath $(BIN))/python -m zipfile -c pytorch-nn-layers-offline.zip offline

pdf: site browser ## Print each language as one PDF into dist/ (every page, contents, page numbers)
	$(BIN)/python tools/pdf.py

test: $(STAMP) browser lint ## Lint, then run the engine tests, every code block of docs/ and the built-site tests
	$(BIN)/pytest -n auto --dist loadgroup

browser: $(STAMP) ## Find the Chromium the browser tests drive (on Debian, as root or with sudo: install it)
	@$(BIN)/python tools/chromium.py --install

lint: $(STAMP) ## Check code style, Markdown, Chinese copywriting, spelling, the workflow, parity, stale translations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	node_modules/.bin/markdownlint-cli2 'docs/**/*.md'
	$(BIN)/python tools/lint_zh.py
	$(BIN)/typos
	$(BIN)/python tools/spell_en.py
	$(BIN)/actionlint
	$(BIN)/zizmor --offline --quiet .github/workflows
	$(BIN)/pytest -q -n 0 tests/test_pages.py
	$(BIN)/python -m docexec stale

format: $(STAMP) ## Reformat the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: $(STAMP) ## Rewrite requirements.lock from what .venv holds
	{ sed -n '1,2p' requirements.lock; $(BIN)/pip freeze --exclude-editable; } > requirements.lock.new
	mv requirements.lock.new requirements.lock

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test,bench]'
	touch $@

bench: $(BENCH_STAMP) ## Time builds against their floor and peer tools (~10 min); writes bench/results.json
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean: ## Remove site/, dist/ and the execution cache .cache/
	rm -rf site dist .cache
