"""Roll-up tables behind the leaders' dashboard.

At national scale (300,000 units, a directive with half a million assignments) a roll-up over a
subtree computed from the assignments themselves scans every assignment below the node; these
tables hold the same counts pre-aggregated so a dashboard read touches O(children) rows.

They are derived data, like an index: PostgreSQL triggers on assignments, documents, tasks and
organisations keep them exact inside the same transaction as the change (installed by migration
``0005_dashboard_rollup_triggers``); ``manage.py dashboard_rollup --rebuild`` recomputes them from scratch
and ``--check`` compares them with a brute-force count. Elsewhere (the SQLite embedded default)
the dashboard computes the same numbers directly from the assignments.

Timeliness depends on "today", so nothing here stores it: open assignments are counted per due
date, and the reader splits them into overdue / due soon / on track for the day it is asked about.
Assignments without a due date are kept under ``NO_DUE_DATE``, which is never overdue and never
late, exactly as ``directives.timeliness.timeliness_of`` treats them.
"""

from __future__ import annotations

import datetime as dt

from django.db import models

NO_DUE_DATE = dt.date(9999, 12, 31)
# Document roll-ups are kept per organisation subtree down to this depth (the national root and the
# provinces / central bodies); deeper scopes are small enough to count directly.
DOCUMENT_SCOPE_DEPTH = 2


class RollupCounts(models.Model):
    open_n = models.IntegerField(default=0)
    on_time_n = models.IntegerField(default=0)
    late_n = models.IntegerField(default=0)
    # Sum over assignments done late of (submitted_on - due_on), in days.
    late_days = models.BigIntegerField(default=0)

    class Meta:
        abstract = True


class UnitRollup(RollupCounts):
    """Assignments of one directive below one organisation node, per (unit level, own, due date).

    ``own`` rows count the node's own assignments; the others its descendants'. A node's subtree
    total is the sum of both; its children are the rows one level deeper under its path.
    """

    directive = models.ForeignKey(
        "directives.Document", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    node_path = models.CharField(max_length=255)
    node_depth = models.PositiveSmallIntegerField()
    unit_level = models.PositiveSmallIntegerField()
    own = models.BooleanField()
    due_on = models.DateField()

    class Meta:
        verbose_name = "tổng hợp theo đơn vị"
        verbose_name_plural = "tổng hợp theo đơn vị"
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "node_path", "unit_level", "own", "due_on"], name="unitrollup_key"
            ),
        ]
        indexes = [
            # Children of a node: one range scan on (directive, depth, path prefix).
            models.Index(
                fields=["directive", "node_depth", "node_path"],
                name="unitrollup_children_idx",
                opclasses=["int8_ops", "int2_ops", "varchar_pattern_ops"],
            ),
            # Every directive at one node (the directive picker).
            models.Index(
                fields=["node_path", "directive"],
                name="unitrollup_node_idx",
                opclasses=["varchar_pattern_ops", "int8_ops"],
            ),
            # Units ranked by their own backlog at a level (nợ đọng), and heatmap rows.
            models.Index(
                fields=["unit_level", "node_path"],
                name="unitrollup_own_level_idx",
                opclasses=["int2_ops", "varchar_pattern_ops"],
                condition=models.Q(own=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.directive_id} · {self.node_path} · {self.due_on}"


class DocumentRollup(RollupCounts):
    """Assignments of the tasks of a document and of every document below it in the issuance tree,
    per organisation subtree at depth 1 and 2 (``scope_path``) and due date."""

    directive = models.ForeignKey(
        "directives.Document", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    document = models.ForeignKey(
        "directives.Document", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    scope_path = models.CharField(max_length=16)
    due_on = models.DateField()

    class Meta:
        verbose_name = "tổng hợp theo văn bản"
        verbose_name_plural = "tổng hợp theo văn bản"
        constraints = [
            models.UniqueConstraint(
                fields=["document", "scope_path", "due_on", "directive"], name="documentrollup_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} · {self.scope_path} · {self.due_on}"
