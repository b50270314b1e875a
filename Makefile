# Tell LeDeR — the two commands that matter: `make run` and `make test`.
# Two Python environments: .venv (current Python: gateway, case backend, tests)
# and .venv-rasa (Python 3.10: Rasa 3.6 server, action server, NLG).

SHELL := /bin/bash
PYENV_ROOT ?= $(HOME)/.pyenv
# The first interpreter that really runs (pyenv shims exist for versions that are not active).
first_python = $(shell for p in $(1); do "$$p" -c 'import sys; sys.exit(not ($(2)))' \
  >/dev/null 2>&1 && { echo "$$p"; break; }; done)
PY_CURRENT ?= $(call first_python,python3.13 python3.12 python3.11 python3,sys.version_info >= (3, 11))
PY_RASA ?= $(call first_python,$(wildcard $(PYENV_ROOT)/versions/3.10.*/bin/python3.10) python3.10,sys.version_info[:2] == (3, 10))
VENV := .venv
VENV_RASA := .venv-rasa
export RASA_TELEMETRY_ENABLED := false
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test install system-deps model validate lint bench clean-state help

help:
	@echo "make run    - install what is missing, train the model if needed, start everything"
	@echo "make test   - install what is missing and run every test"
	@echo "make bench  - print speed and size figures"
	@echo "make lint   - ruff"

install: system-deps $(VENV)/.installed $(VENV_RASA)/.installed

# Chromium (browser tests) and espeak-ng (offline voice) from Debian, only when missing.
system-deps:
	@bash scripts/system_deps.sh

$(VENV)/.installed: pyproject.toml
	@test -x $(VENV)/bin/python || $(PY_CURRENT) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[current,test]'
	@touch $@

$(VENV_RASA)/.installed: pyproject.toml
	@test -n "$(PY_RASA)" || { echo "Python 3.10 is needed for Rasa 3.6 (pyenv install 3.10.13)"; exit 1; }
	@test -x $(VENV_RASA)/bin/python || $(PY_RASA) -m venv $(VENV_RASA)
	# pip < 24.1: 24.1 dropped legacy (non PEP 440) versions, which Rasa 3.6's old dependency tree may carry.
	$(VENV_RASA)/bin/pip install -q --upgrade 'pip<24.1' wheel 'setuptools<71'
	$(VENV_RASA)/bin/pip install -q -e '.[rasa]'
	@touch $@

# flock: several test runs may ask for the same model at once; one trains, the others wait.
model: install
	@mkdir -p var
	flock var/.train.lock $(VENV)/bin/python -m scripts.train

validate: install
	cd bot && ../$(VENV_RASA)/bin/rasa data validate --config config.yml --domain domain --data data --fail-on-warnings

run: model
	$(VENV)/bin/python -m scripts.services run

test: model validate
	$(VENV)/bin/ruff check .
	$(VENV)/bin/python -m pytest

bench: model
	$(VENV)/bin/python -m scripts.bench
	$(VENV)/bin/python -m scripts.bench_backend
	$(VENV)/bin/python -m scripts.bench_widget

lint: install
	$(VENV)/bin/ruff check .

clean-state:
	rm -rf var
