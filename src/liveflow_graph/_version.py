"""The package version, in a module of its own so that any layer can read it without
importing the package's public namespace (and everything it re-exports)."""

__version__ = "0.1.0"
