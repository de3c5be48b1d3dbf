"""Check the dashboard roll-up tables against a brute-force recount, or rebuild them."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from reports.dashboard.rollup import rollup_differences, rollup_rebuild, rollup_row_counts


class Command(BaseCommand):
    help = (
        "The dashboard's roll-up tables are kept by PostgreSQL triggers. --check recounts every "
        "assignment in Python and lists disagreements; --rebuild recomputes the tables in one transaction."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument(
            "--check", action="store_true", help="compare with a brute-force count (exit 1 if any differ)"
        )
        group.add_argument("--rebuild", action="store_true", help="recompute both tables from the assignments")

    def handle(self, *args: object, **options: object) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("The roll-up tables exist on PostgreSQL only; elsewhere the dashboard counts directly.")
        start = time.monotonic()
        if options["rebuild"]:
            units, documents = rollup_rebuild()
            seconds = time.monotonic() - start
            self.stdout.write(
                self.style.SUCCESS(f"Rebuilt {units:,} unit and {documents:,} document roll-up rows ({seconds:.1f} s).")
            )
            return
        differences = rollup_differences()
        counts = rollup_row_counts()
        if differences:
            for d in differences:
                self.stdout.write(f"{d.table} {d.key}: expected {d.expected}, stored {d.stored}")
            raise CommandError(f"{len(differences)}+ roll-up rows disagree; run --rebuild (and report the cause).")
        self.stdout.write(
            self.style.SUCCESS(
                f"Roll-ups exact: {counts['unit']:,} unit and {counts['document']:,} document rows match a "
                f"brute-force count ({time.monotonic() - start:.1f} s)."
            )
        )
