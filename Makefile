# fiit tasks. `make` or `make help` lists them.
PY ?= .venv/bin/python

.PHONY: help install test ci lint golden docs bench facts mutation clean

help:  ## list the tasks
	@grep -E '^[a-z]+:.*## ' Makefile | sed 's/:.*## /\t/' | expand -t 10

install:  ## create .venv and install fiit editable, with the test extras
	python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]'

test:  ## run the test suite
	$(PY) -m pytest -q

ci:  ## what CI runs: a fresh non-editable install and the README's test command
	bash .ci/run

lint:  ## ruff (needs: .venv/bin/pip install ruff)
	$(PY) -m ruff check src tests benchmarks scripts

golden:  ## rewrite the golden outputs after a deliberate change of rendering
	FIIT_UPDATE_GOLDEN=1 $(PY) -m pytest -q tests/test_cli.py tests/test_compare.py tests/test_formats.py tests/test_widths.py tests/test_person.py tests/test_coverage.py

docs:  ## regenerate docs/commands.md and docs/schema/*.json from the code
	$(PY) scripts/gen_docs.py

bench:  ## speed benchmark against the tldr client and python -c pass (see benchmarks/README.md)
	$(PY) -m pip install -q -e '.[bench]' && $(PY) benchmarks/startup.py

facts:  ## the public fact sample (../shared/checks/facts.py) against the installed fiit
	python3 ../shared/checks/facts.py $(CURDIR)/.venv/bin

mutation:  ## mutation score of the core (slow, not in CI); MODULE=fiit_cli.search: one module
	$(PY) -c "import mutmut" 2>/dev/null || .venv/bin/pip install -q -e '.[mutation]'
	rm -rf mutants  # a fresh copy of the code and tests each time (mutmut keeps stale copies)
	$(PY) -m mutmut run $(if $(MODULE),"$(MODULE).*") >/dev/null || true
	$(PY) scripts/mutation_report.py --min 85

clean:  ## remove build output and caches (the record cache too)
	rm -rf build dist .pytest_cache mutants ~/.cache/fiit
