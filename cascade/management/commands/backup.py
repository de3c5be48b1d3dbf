"""`manage.py backup [--output DIR]`: database dump + uploaded files + a manifest (`make backup`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cascade.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into a new folder."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--output", default=str(settings.VAR_DIR / "backups"), help="where to create it")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            target = backup(
                output_dir=Path(options["output"]),
                db=dict(settings.DATABASES["default"]),
                media_root=settings.MEDIA_ROOT,
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written to {target}"))
