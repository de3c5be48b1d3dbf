"""Small ORM helpers shared by the apps."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet

R = TypeVar("R")  # the row type: a model instance, or a dict after `.values()`


def one_or_none(queryset: QuerySet[Any, R]) -> R | None:
    """The row of a primary-key or unique lookup, or None.

    `.first()` orders by the model's default ordering (or the key) before LIMIT 1: an ORDER BY that
    a unique lookup does not need, which Django compiles on every call and which, for an ordering
    through a relation, joins another table. `.get()` drops the ordering."""
    try:
        return queryset.get()
    except ObjectDoesNotExist:  # the model's DoesNotExist (the model type does not name it for the type checker)
        return None
