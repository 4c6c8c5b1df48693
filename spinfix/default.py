"""The shared default restorer: one :class:`~spinfix.restore.Restorer` with the default :class:`Config`,
built lazily on first use and then kept for the life of the process.

It sits here, below the front ends, so that the module-level functions of ``spinfix`` and a front end
called without a config (``report_html(texts)``) share one restorer without importing ``spinfix/__init__``.
"""

from __future__ import annotations

import threading

from .config import Config
from .restore import Restorer

_default: Restorer | None = None
_default_lock = threading.Lock()


def default_restorer() -> Restorer:
    """The shared restorer behind the module-level functions, built on first use."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Restorer(Config())
    return _default
