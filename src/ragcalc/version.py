"""The package's version, in a module of its own: read by setuptools, the CLI's --version and every page's provenance,
without importing the package's API."""

__version__ = "0.1.0"
