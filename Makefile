# labsynth — `make demo` and `make test` are the only commands a newcomer needs: each
# creates .venv and installs everything (pinned by requirements.lock) when needed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.labsynth-installed

.PHONY: install demo test test-fast lab bench lint lock clean

$(STAMP): pyproject.toml requirements.lock
	@test -n "$(PYTHON)" || { echo "Python 3.11 introuvable : installez python3.11."; exit 2; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		-c requirements.lock -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name labsynth \
		--display-name "Python (labsynth)" >/dev/null
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@# check exits 1 when something is refused: the demo has refused rows on purpose
	$(BIN)/labsynth check demo || test $$? -eq 1
	$(BIN)/labsynth ingest demo -o reports/demo/segments.csv
	$(BIN)/labsynth themes demo
	@echo "Table des segments : $(CURDIR)/reports/demo/segments.csv"
	@echo "Thèmes et verbatims : $(CURDIR)/reports/demo/themes.csv, quotes.csv"

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -m "slow or not slow"

test-fast: $(STAMP)
	$(BIN)/python -m pytest

lab: $(STAMP)
	$(BIN)/jupyter lab

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock \
		-e ".[dev,bench]"
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

lint: $(STAMP)
	$(BIN)/ruff check .

# Refresh the pins after changing pyproject.toml (needs the package registry).
lock:
	rm -rf /tmp/labsynth-lock && $(PYTHON) -m venv /tmp/labsynth-lock
	/tmp/labsynth-lock/bin/python -m pip install --quiet --disable-pip-version-check ".[dev]"
	/tmp/labsynth-lock/bin/python -m pip freeze --exclude labsynth | sort > requirements.lock

clean:
	rm -rf $(VENV) reports build *.egg-info .pytest_cache .ruff_cache .hypothesis
