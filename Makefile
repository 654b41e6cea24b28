# Two entry points: `make run` serves the dashboard on seeds/ (on 127.0.0.1 unless ADDRESS is set), `make test` runs every test.
# Both install what they need; stamp files keyed on the requirement files' hash make a
# second run with nothing changed skip every install step.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# Listen on this machine only; `make run ADDRESS=0.0.0.0` serves a team and needs an editor
# password (UNION_DASH_PASSWORD or editor_password in .streamlit/secrets.toml).
ADDRESS ?= 127.0.0.1

RUN_HASH := $(shell cat requirements.txt packages.txt | sha1sum | cut -c1-16)
TEST_HASH := $(shell cat requirements.txt requirements-test.txt packages.txt packages-test.txt | sha1sum | cut -c1-16)
RUN_STAMP := $(VENV)/.stamp-run-$(RUN_HASH)
TEST_STAMP := $(VENV)/.stamp-test-$(TEST_HASH)

.PHONY: run serve-check test bench clean

# serve-check comes first: a refused address stops `make run` before anything is installed.
run: serve-check $(RUN_STAMP)
	$(PY) -m streamlit run dashboard.py --server.port $(PORT) --server.address '$(ADDRESS)'

# `+` runs the check even under `make -n` (tests/test_serve_check.py relies on it).
serve-check:
	+@scripts/check-serve-address.sh '$(ADDRESS)'

test: $(TEST_STAMP)
	$(PY) -m pytest -q -n 2 --dist loadfile tests

bench: $(RUN_STAMP)
	$(PY) -m bench

$(VENV)/bin/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  rm -rf $(VENV); \
	  scripts/apt-ensure.sh <(echo python3-venv); \
	  $(PYTHON) -m venv $(VENV); }

$(RUN_STAMP): $(VENV)/bin/python requirements.txt packages.txt
	scripts/apt-ensure.sh packages.txt
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	rm -f $(VENV)/.stamp-run-*
	touch $@

$(TEST_STAMP): $(RUN_STAMP) requirements-test.txt packages-test.txt
	scripts/apt-ensure.sh packages.txt packages-test.txt
	$(PY) -m pip install -q -r requirements.txt -r requirements-test.txt
	rm -f $(VENV)/.stamp-test-*
	touch $@

clean:
	rm -rf $(VENV) .pytest_cache
