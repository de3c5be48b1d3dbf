"""The views whose query count must not grow with the size of the tree (checked on two datasets)."""

from __future__ import annotations

from django.urls import reverse

# Query counts with a national leader, the same at 77 and at 700 units (and at 300,000: see
# `manage.py bench_dashboard`). Session and user lookups, the nav's unread-notification count and the
# calendar overrides (for the last "due soon" day) included.
EXPECTED_QUERIES = {
    "picker": 8,
    "cascade": 11,
    "cascade_expanded": 13,
    "cascade_units_panel": 12,
    "overdue": 17,
    "backlog": 14,
    "heatmap": 13,
    "charts": 13,
    "latency": 15,
    "unit": 13,
}


def view_urls(directive_id: int, province_id: int, district_id: int) -> dict[str, tuple[str, dict]]:
    cascade = reverse("dashboard_cascade", args=[directive_id])
    return {
        "picker": (reverse("dashboard"), {}),
        "cascade": (cascade, {}),
        "cascade_expanded": (f"{cascade}?open={province_id},{district_id}&docs={directive_id}", {}),
        "cascade_units_panel": (f"{cascade}?unit={province_id}", {"HX-Request": "true", "HX-Target": "units-panel"}),
        "overdue": (f"{reverse('dashboard_overdue')}?directive={directive_id}&unit={province_id}&level=2", {}),
        "backlog": (f"{reverse('dashboard_backlog')}?level=2", {}),
        "heatmap": (reverse("dashboard_heatmap", args=[directive_id]), {}),
        "charts": (reverse("dashboard_charts", args=[directive_id]), {}),
        "latency": (reverse("dashboard_latency", args=[directive_id]), {}),
        "unit": (reverse("dashboard_unit", args=[province_id]), {}),
    }
