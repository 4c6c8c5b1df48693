"""The build of spinfix's three small compiled modules; everything else is configured in pyproject.toml.

``spinfix/_ngramcore.c`` answers the trigram model's questions in C, ``spinfix/_textcore.c`` counts a
paragraph's words and academic-register cues (and answers the other per-text questions of
``spinfix/native.py``), ``spinfix/_matchcore.c`` finds the table's phrases a word at
a time (issue 14). All are optional: where no C compiler is found the build skips them and spinfix asks
the same questions in Python, numpy and its Aho-Corasick automaton, with the same answers
(``spinfix/native.py``).
"""

from setuptools import Extension, setup

setup(ext_modules=[
    Extension("spinfix._ngramcore", ["spinfix/_ngramcore.c"], depends=["spinfix/_tuples.h"], optional=True),
    Extension("spinfix._textcore", ["spinfix/_textcore.c"], depends=["spinfix/_tuples.h"], optional=True),
    Extension("spinfix._matchcore", ["spinfix/_matchcore.c"], depends=["spinfix/_tuples.h"], optional=True),
])
