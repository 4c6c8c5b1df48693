"""Adapters for the tools people already use, each an optional extra imported only when used.

``spinfix.integrations.dask`` (``pip install "spinfix[dask]"``) scores and restores ``dask.bag`` and
``dask.dataframe`` text; ``spinfix.integrations.pandas`` (``spinfix[pandas]``) scores a DataFrame column;
``spinfix.integrations.spacy`` (``spinfix[spacy]``) is a pipeline component. The adapters live in this
sub-package, not at ``spinfix/dask.py``, so that no module of spinfix bears the name of the package it
adapts.
"""
