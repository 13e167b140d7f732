# firstchoice — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The suite on every core (pytest-xdist); `make pytest PYTEST_ARGS=` runs it in one process.
PYTEST_ARGS ?= -n auto

.PHONY: run test lint migrations format typecheck pytest messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## run: set up, migrate the SQLite database under var/, load the demo data, serve on :8000
## with one background worker (Ctrl+C stops both)
run: $(STAMP)
	mkdir -p var
	$(BIN)/firstchoice migrate --noinput
	$(BIN)/firstchoice demo
	@echo ""
	@echo "  firstchoice → http://$${HOST:-127.0.0.1}:$${PORT:-8000}/"
	@echo "  demo logins (password 'demo'): rep1 … rep10 (salespeople), manager (both teams),"
	@echo "  manager1 / manager2 (one team each), admin (administrator)"
	@echo ""
	$(BIN)/firstchoice serve --with-worker

## test: lint, type-check and run the whole suite (SQLite; PostgreSQL when DATABASE_URL is set)
test: $(STAMP) lint migrations typecheck pytest

## migrations: fail when a model changed without its migration
migrations: $(STAMP)
	mkdir -p var
	$(BIN)/firstchoice makemigrations --check --dry-run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	mkdir -p var
	$(BIN)/pytest $(PYTEST_ARGS)

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## messages: refresh the translation catalogue and compile it (needs GNU gettext)
messages: $(STAMP)
	cd src/firstchoice && ../../$(BIN)/django-admin makemessages -l zh_Hans --no-obsolete --settings=firstchoice.settings --pythonpath=..
	cd src/firstchoice && ../../$(BIN)/django-admin compilemessages --settings=firstchoice.settings --pythonpath=..

clean:
	rm -rf $(VENV) var/firstchoice.sqlite3*
