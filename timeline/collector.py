"""Python's cycle collector, paused while a stage makes millions of small objects.

Merging and rendering build records, dicts and lists by the million while the process holds
every mention and event: each of the collector's full passes walks all of them, and they come
often (a pass per so many objects made), for nothing: these objects form no reference cycles
and are freed by reference counting as usual. Pausing it saves a good share of the merging's
and the drawing's CPU; the output is the same.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the `with` block (or the decorated function), then as it was.
    Nested pauses are fine: only the outermost turns it back on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
