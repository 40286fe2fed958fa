.PHONY: check lint types test dev

check: lint types test

lint:
	ruff check src tests
	ruff format --check src tests

types:
	mypy

test:
	python3 -m pytest

dev:
	python3 -m pip install -e '.[dev]'
