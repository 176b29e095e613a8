# Two commands on a fresh machine with python3 and make: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: install browser validate build serve test bench loadbench release audit schema clean

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

# The browser tests drive Debian's Chromium (Playwright never downloads a browser here).
browser:
	@command -v chromium >/dev/null || { echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: install browser
	$(BIN)/pytest

bench: install
	$(BIN)/python -m scripts.bench

# Throughput and latency of `lawkb serve` on 127.0.0.1 at rising concurrency (about three minutes).
loadbench: build
	$(BIN)/python -m scripts.loadbench

# A versioned bundle researchers can cite, in dist/ (not committed).
release: install
	$(BIN)/lawkb release

# Known vulnerabilities in the pinned dependencies fail it; packages it could not check are listed as such.
audit: install
	$(BIN)/python -m scripts.audit

schema: install
	$(BIN)/lawkb schema

clean:
	rm -rf build $(VENV)
