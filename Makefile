.PHONY: check lint types test test-fast dev

check: lint types test

lint:
	ruff check src tests benchmarks
	ruff format --check src tests benchmarks

types:
	mypy

test:
	python3 -m pytest --cov

test-fast:  # the quick loop while working: no browser, subprocess or long property test
	python3 -m pytest -q -m 'not slow'

dev:
	python3 -m pip install -e '.[dev]'
