# labsynth — `make demo` and `make test` are the only commands a newcomer needs: each
# creates .venv and installs everything (pinned by requirements.lock) when needed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.labsynth-installed

AXE_CORE := axe-core@4.14.1

.PHONY: install demo test test-fast browser libreoffice lab bench lint lock clean

# .[dev] includes the dask extra (labsynth[dask]): the cluster tests run, not skip
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
	$(BIN)/labsynth report demo
	@echo "Table des segments : $(CURDIR)/reports/demo/segments.csv"
	@echo "Thèmes et verbatims : $(CURDIR)/reports/demo/themes.csv, quotes.csv, themes.xlsx"
	@echo "Rapport à ouvrir dans un navigateur : $(CURDIR)/reports/demo/insight_report.html"

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -m "slow or not slow"

# The browser tests' tools: Debian's Chromium (apt-get, needs root), axe-core from npm.
# Without them those tests are skipped and say why; CI runs this target first.
browser: $(STAMP)
	@test -x /usr/bin/chromium || { test "$$(id -u)" -eq 0 || { echo "Chromium manque : \
		sudo apt-get install -y chromium"; exit 2; }; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
		>/dev/null; }
	@test -f $(VENV)/axe/node_modules/axe-core/axe.min.js || \
		npm install --no-save --silent --prefix $(VENV)/axe $(AXE_CORE)
	@echo "Tests navigateur prêts : $$(/usr/bin/chromium --version), $(AXE_CORE)"

# LibreOffice Calc for the test that opens the .ods workbooks (apt-get, needs root; about
# 250 MB, 2-3 minutes): without it that test is skipped and says why. CI runs this target.
libreoffice:
	@command -v soffice >/dev/null || { test "$$(id -u)" -eq 0 || { echo "LibreOffice \
		manque : sudo apt-get install -y --no-install-recommends libreoffice-calc"; exit 2; }; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends libreoffice-calc >/dev/null; }
	@echo "Test LibreOffice prêt : $$(soffice --version)"

test-fast: $(STAMP)
	$(BIN)/python -m pytest

# JupyterLab on this folder; as root (a container, a VM) Jupyter wants --allow-root
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=. $$(test "$$(id -u)" -eq 0 && echo --allow-root)

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock \
		-e ".[dev,bench]"
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

lint: $(STAMP)
	$(BIN)/ruff check .

# Refresh the pins after changing pyproject.toml (needs the package registry).
lock:
	rm -rf /tmp/labsynth-lock && $(PYTHON) -m venv /tmp/labsynth-lock
	/tmp/labsynth-lock/bin/python -m pip install --quiet --disable-pip-version-check ".[dev,bench]"
	{ echo "# Exact versions installed by make (pip -c). Regenerate with: make lock"; \
	  /tmp/labsynth-lock/bin/python -m pip freeze --exclude labsynth | sort -f; } > requirements.lock

clean:
	rm -rf $(VENV) reports build *.egg-info .pytest_cache .ruff_cache .hypothesis
