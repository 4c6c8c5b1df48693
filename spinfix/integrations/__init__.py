"""Adapters for other frameworks, each an optional extra imported only when used.

``spinfix.integrations.dask`` (``pip install "spinfix[dask]"``) scores and restores ``dask.bag`` and
``dask.dataframe`` text. The adapters live in this sub-package, not at ``spinfix/dask.py``, so that no
module of spinfix bears the name of the package it adapts.
"""
