# Every target sets up .venv on first use, so a fresh clone needs only `make serve` or `make test`.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help install serve site test lint format lock clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $@

install: $(STAMP) ## Create .venv and install the pinned dependencies

serve: $(STAMP) ## Build the site with execution and serve it on 127.0.0.1:8000, reloading on edits
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --watch snippets --watch imgs

site: $(STAMP) ## Build the static site into site/, running the page code (cached in .cache/)
	$(BIN)/mkdocs build

test: $(STAMP) lint ## Lint, then run the engine tests, every code block of docs/ and the built-site tests
	$(BIN)/pytest

lint: $(STAMP) ## Check code style with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP) ## Reformat the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: $(STAMP) ## Rewrite requirements.lock from what .venv holds
	{ sed -n '1,2p' requirements.lock; $(BIN)/pip freeze --exclude-editable; } > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean: ## Remove site/, dist/ and the execution cache .cache/
	rm -rf site dist .cache
