# Two commands do all the set-up on a fresh machine:
#   make demo   - create .venv, install vnx, extract the sample corpus, score it
#   make test   - create .venv, install vnx with test extras, run the test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: $(VENV)/.installed
	$(BIN)/vnx extract corpus/ -o out/records.jsonl
	@echo "records written to out/records.jsonl; what the first article yields:"
	$(BIN)/vnx show corpus/vnx_01_bhyt_long_an.txt --terminal --no-text
	$(BIN)/vnx eval corpus/

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) out .pytest_cache .hypothesis
