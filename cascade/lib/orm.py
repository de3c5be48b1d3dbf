"""Small ORM helpers shared by the apps."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def one_or_none(queryset: QuerySet[M]) -> M | None:
    """The row of a primary-key or unique lookup, or None.

    `.first()` orders by the model's default ordering (or the key) before LIMIT 1: an ORDER BY that
    a unique lookup does not need, which Django compiles on every call and which, for an ordering
    through a relation, joins another table. `.get()` drops the ordering."""
    try:
        return queryset.get()
    except ObjectDoesNotExist:  # the model's DoesNotExist (type[M] does not name it for the type checker)
        return None
