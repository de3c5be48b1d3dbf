"""Accent folding for search columns ("quán triệt" and "quan triet" match).

The app-facing name for the parser's folding, so search columns and queries fold exactly alike.
"""

from __future__ import annotations

from directives.parsing.vntext import fold

__all__ = ["fold"]
