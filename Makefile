# Two commands for a new user: `make demo` and `make test`. Everything else is for us.
# The first interpreter that actually runs and is 3.11 or newer (a pyenv shim may
# exist for a version that is not selected, so running it is the only real test).
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint typecheck ci clean

$(BIN)/rapport: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Rapport needs Python 3.11 or newer (python3 --version says otherwise)."; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit("Rapport needs Python 3.11 or newer; found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create $(VENV): on Debian, install python3-venv (apt-get install python3-venv)."; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

demo: $(BIN)/rapport
	$(BIN)/rapport demo

# The suite on every core (pytest-xdist, a test database per worker); TEST_WORKERS=0
# runs it in one process, as `.venv/bin/pytest` alone does.
TEST_WORKERS ?= auto

test: $(BIN)/rapport
	$(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal

lint: $(BIN)/rapport
	$(BIN)/ruff check rapport tests benchmarks
	$(BIN)/ruff format --check rapport tests benchmarks

typecheck: $(BIN)/rapport
	$(BIN)/mypy rapport

ci:
	.ci/run

clean:
	rm -rf $(VENV) build *.egg-info
