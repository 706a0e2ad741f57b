# Backchannel: `make run` (demo workspace on SQLite) and `make test` (whole suite).
# Python 3.11 when installed, else the newest python3.1x on PATH (3.12, 3.13...);
# `make PYTHON=/path/to/python3 ...` picks another.
PYTHON ?= $(shell for v in 11 19 18 17 16 15 14 13 12; do command -v python3.$$v && break; done 2>/dev/null)
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Extra pytest arguments, e.g. make test PYTEST_ARGS='-m "not no_db_difference"'.
PYTEST_ARGS ?=

.PHONY: run test install lint format e2e clean messages

$(BIN)/backchannel: pyproject.toml
	@test -n "$(PYTHON)" && command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 or newer is required: install it, or run 'make PYTHON=/path/to/python3 ...'"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "$(PYTHON) is older than Python 3.11: install 3.11 or newer, or run 'make PYTHON=/path/to/python3 ...'"; exit 1; }
	@echo "Using $(PYTHON) ($$($(PYTHON) --version)) for $(VENV)"
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
	$(BIN)/lint-imports --no-cache
	$(BIN)/python tests/typecheck.py
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
