# Backchannel: `make run` (demo workspace on SQLite) and `make test` (whole suite).
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Extra pytest arguments, e.g. make test PYTEST_ARGS='-m "not no_db_difference"'.
PYTEST_ARGS ?=

.PHONY: run test install lint format e2e clean messages

$(BIN)/backchannel: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required: install it, or run 'make PYTHON=/path/to/python3.11 ...'"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@

install: $(BIN)/backchannel

run: install
	$(BIN)/backchannel demo --port $(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check backchannel tests bench
	$(BIN)/ruff format --check backchannel tests bench
	$(BIN)/backchannel makemigrations --check --dry-run

format: install
	$(BIN)/ruff format backchannel tests bench
	$(BIN)/ruff check --fix backchannel tests bench

# Translations: merge every msgid of templates and code into backchannel/locale/*/django.po
# and compile the .mo files (pure Python; see README, "Languages").
messages: install
	$(BIN)/backchannel messages update

clean:
	rm -rf $(VENV) var
