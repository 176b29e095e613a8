# Two commands on a fresh machine with python3 and make: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: install validate build serve test bench schema clean

$(INSTALLED): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(INSTALLED)

install: $(INSTALLED)

validate: install
	$(BIN)/lawkb validate laws

build: install
	$(BIN)/lawkb build

serve: build
	$(BIN)/lawkb serve

test: install
	$(BIN)/pytest

bench: install
	$(BIN)/python -m scripts.bench

schema: install
	$(BIN)/lawkb schema

clean:
	rm -rf build $(VENV)
