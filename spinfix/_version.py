"""The package version, in a module of its own so that any module can read it without importing
``spinfix/__init__`` (which imports the front ends)."""

__version__ = "0.1.0"
