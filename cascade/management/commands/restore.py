"""`manage.py restore PATH [--yes] [--database-url URL] [--media-root DIR]` (`make restore BACKUP=…`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cascade.ops.backup import BackupError, read_manifest, restore


class Command(BaseCommand):
    help = "Replace the database and the uploaded files with a backup, then check counts and checksums."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("source", help="a backup folder made by `manage.py backup`")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        parser.add_argument("--database-url", help="restore into this database instead (e.g. a drill)")
        parser.add_argument("--media-root", help="restore the files here instead of MEDIA_ROOT")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["source"])
        url = options["database_url"]
        db: dict[str, Any] = dict(dj_database_url.parse(url) if url else settings.DATABASES["default"])
        media_root = Path(options["media_root"] or settings.MEDIA_ROOT)
        try:
            manifest = read_manifest(source)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if not options["yes"]:
            answer = input(
                f"Replace database {db['NAME']} and {media_root} with the backup of {manifest['created_at']}? [y/N] "
            )
            if answer.strip().lower() not in {"y", "yes", "c", "có"}:
                raise CommandError("Nothing restored.")
        try:
            report = restore(source=source, db=db, media_root=media_root)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if not report.ok:
            raise CommandError("Restored, but it differs from the backup:\n" + "\n".join(report.mismatches))
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {report.rows} rows in {report.tables} tables and {report.files} files; "
                "counts and checksums match the backup."
            )
        )
