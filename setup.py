"""The build of spinfix's one compiled module; everything else is configured in pyproject.toml.

``spinfix/_ngramcore.c`` answers the trigram model's questions in C (issue 14). It is optional: where no C
compiler is found the build skips it and spinfix asks the same questions in Python and numpy, with the
same answers (``spinfix.ngram.TrigramModel.core``).
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("spinfix._ngramcore", ["spinfix/_ngramcore.c"], optional=True)])
