"""`{% audit_history obj %}`: the change history of one object, for its own page.

The page that includes it has already checked that the person may see `obj`.
"""

from __future__ import annotations

from typing import Any

from django import template

from accounts.audit import history_for
from accounts.selectors import describe, type_label

register = template.Library()

HISTORY_LIMIT = 50


@register.inclusion_tag("audit/_object_history.html")
def audit_history(obj: Any, limit: int = HISTORY_LIMIT) -> dict[str, Any]:
    entries = list(history_for(obj)[: limit + 1]) if obj is not None and obj.pk is not None else []
    return {
        "entries": [(e, describe(e)) for e in entries[:limit]],
        "truncated": len(entries) > limit,
        "object_type": obj._meta.label_lower if obj is not None else "",
        "object_id": obj.pk if obj is not None else "",
    }


@register.filter
def audit_rows(entry: Any) -> list[Any]:
    return describe(entry)


@register.filter
def audit_type_label(object_type: str) -> str:
    return type_label(object_type)
