"""Build a national-scale synthetic cascade for benchmarks (PostgreSQL, empty database)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from cascade.devtools.synthetic import reset_domain_tables, seed_synthetic
from directives.models import Organization


class Command(BaseCommand):
    help = (
        "Build a deterministic national-scale organisation tree and directive cascade "
        "(e.g. --units 300000 --directives 10 --seed 1). Needs an empty PostgreSQL database, or --reset."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--units", type=int, default=300_000, help="number of organisations (default 300000)")
        parser.add_argument("--directives", type=int, default=10, help="number of top directives (default 10)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            default=None,
            help="the day the data describes, YYYY-MM-DD (default: today); dates are relative to it",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="first empty organisations, documents, assignments and users (destroys data!)",
        )

    def handle(self, *args: object, **options: object) -> None:
        as_of = options["as_of"] or timezone.localdate()
        if Organization.objects.exists():
            if not options["reset"]:
                raise CommandError("The database already has organisations; use --reset to replace everything.")
            reset_domain_tables()
        try:
            summary = seed_synthetic(
                units=int(options["units"]),  # type: ignore[call-overload]
                directives=int(options["directives"]),  # type: ignore[call-overload]
                seed=int(options["seed"]),  # type: ignore[call-overload]
                as_of=as_of,  # type: ignore[arg-type]
                log=self.stdout.write,
            )
        except (ValueError, RuntimeError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded as of {as_of:%d/%m/%Y}: {summary.organizations:,} organisations, "
                f"{summary.documents:,} documents, {summary.tasks:,} tasks, {summary.assignments:,} assignments, "
                f"{summary.events:,} deadline events, {summary.users:,} users in {sum(summary.seconds.values()):.0f} s."
            )
        )
        self.stdout.write(
            "Leaders (password cascade-demo): lanhdao.tw (whole country), lanhdao.<province>, e.g. lanhdao.hcm"
        )
