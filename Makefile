# Hearth. `make run` for a demo on SQLite, `make test` for the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test test-fast lint format bench install messages clean

$(STAMP): pyproject.toml constraints.txt
	@echo "==> Installing Hearth and its dependencies into $(VENV)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	HEARTH_DEMO=1 $(BIN)/hearth migrate --noinput
	HEARTH_DEMO=1 $(BIN)/hearth createcachetable
	HEARTH_DEMO=1 $(BIN)/hearth collectstatic --noinput --verbosity 0
	HEARTH_DEMO=1 $(BIN)/hearth demo-data --if-empty
	HEARTH_DEMO=1 $(BIN)/hearth serve --demo

# The whole suite. On SQLite unless DATABASE_URL points elsewhere (e.g. PostgreSQL).
test: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	HEARTH_TESTING=1 $(BIN)/mypy src
	HEARTH_TESTING=1 $(BIN)/hearth makemigrations --check --dry-run
	HEARTH_TESTING=1 $(BIN)/pytest -n 2 --dist loadgroup

test-fast: $(STAMP)
	HEARTH_TESTING=1 $(BIN)/pytest -n 2 -m "not e2e"

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	HEARTH_TESTING=1 $(BIN)/mypy src

format: $(STAMP)
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

bench: $(STAMP)
	$(BIN)/python -m tests.bench

messages: $(STAMP)
	cd src/hearth && ../../$(BIN)/hearth makemessages --all --no-obsolete
	cd src/hearth && ../../$(BIN)/hearth compilemessages

clean:
	rm -rf $(VENV) var/static
