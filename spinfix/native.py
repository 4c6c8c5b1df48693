"""spinfix's optional compiled modules, and the one switch that turns them off.

Three small C modules answer hot questions the Python code also answers: ``spinfix._ngramcore`` the
trigram model's lookups and each read word's best reading (:attr:`spinfix.ngram.TrigramModel.core`),
``spinfix._textcore`` the register count (:class:`spinfix.text.Register`), where the generaliser's trigger
words stand (:func:`spinfix.text.word_finder`), the token lists (:func:`spinfix.text.spans_between`), the
spin evidence's rare-word count, the words beside a span (:func:`spinfix.text.prev_word_span`,
:func:`~spinfix.text.next_word_span`), the learned-swap pass's chunks and compound parts
(``spinfix.general.Generalizer._chunk``) and three layout questions (:func:`spinfix.text.paragraph_starts`, the
quotation pairs of ``text.Quotes``, the whitespace runs :func:`spinfix.normalize.squeeze` reads),
``spinfix._matchcore`` the table matcher's scan
(:class:`spinfix.matcher.PhraseMatcher`, which otherwise runs its Aho-Corasick automaton). ``pip install``
builds them where a C compiler is found (``setup.py``) and skips them where none is; each caller then
takes its Python code, which gives the same answers bit for bit (``tests/test_ngramcore.py``,
``tests/test_textcore.py``, ``tests/test_matcher.py``), only slower.

``SPINFIX_NO_CORE=1`` in the environment makes spinfix ignore them all, to compare the paths or to rule
the compiled code out of a bug report.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

#: Whether the compiled modules are switched off (SPINFIX_NO_CORE set to anything but "" or "0").
DISABLED = os.environ.get("SPINFIX_NO_CORE", "") not in ("", "0")


def load_compiled(name: str) -> ModuleType | None:
    """The compiled module ``spinfix.<name>``, or None when it was not built or DISABLED is set."""
    if DISABLED:
        return None
    try:
        return importlib.import_module(f"spinfix.{name}")
    except ImportError:  # not built: no C compiler where spinfix was installed
        return None
