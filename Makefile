.PHONY: check lint types test dev

check: lint types test

lint:
	ruff check src tests benchmarks
	ruff format --check src tests benchmarks

types:
	mypy

test:
	python3 -m pytest --cov

dev:
	python3 -m pip install -e '.[dev]'
