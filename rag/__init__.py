"""Offline question answering over news articles, with citations checked in code."""

from .index import build_index
from .pipeline import answer
from .types import Answer, Citation

__all__ = ["Answer", "Citation", "answer", "build_index"]
__version__ = "0.1.0"
