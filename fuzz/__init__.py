"""Fuzzing spinfix: the shared harness (``fuzz.harness``) and the atheris driver (``fuzz/fuzz_spinfix.py``)."""
