"""Back up and restore the database and the uploaded files (`make backup`, `make restore`).

A backup is a folder `cascade-YYYYmmdd-HHMMSS/` with:
- `db.dump`: `pg_dump --format=custom` (PostgreSQL), or `db.sqlite3` (the embedded default);
- `media.tar.gz`: everything under MEDIA_ROOT (attachments, source documents);
- `manifest.json`: row counts per table and a SHA-256 per file, so a restore can prove it gave back
  exactly what was saved.

Restoring replaces the database's tables (`pg_restore --clean --if-exists --single-transaction`) and
MEDIA_ROOT (extracted beside it first, then swapped in, the old folder kept as `*.before-restore-*`),
then checks counts and checksums against the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connections
from django.utils import timezone

DB_DUMP = "db.dump"
DB_SQLITE = "db.sqlite3"
MEDIA_TAR = "media.tar.gz"
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def _is_postgres(db: dict[str, Any]) -> bool:
    return "postgresql" in db["ENGINE"]


def _pg_args(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()[-2000:]}")


def table_counts(db: dict[str, Any]) -> dict[str, int]:
    """Rows per table of the database described by a Django DATABASES entry."""
    if _is_postgres(db):
        import psycopg2

        conn = psycopg2.connect(
            dbname=db["NAME"],
            user=db.get("USER") or None,
            password=db.get("PASSWORD") or None,
            host=db.get("HOST") or None,
            port=db.get("PORT") or None,
        )
        try:
            with conn.cursor() as cursor:
                cursor.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
                )
                tables = [row[0] for row in cursor.fetchall()]
                counts = {}
                for table in tables:
                    cursor.execute(f'SELECT count(*) FROM "{table}"')  # names come from the catalogue
                    counts[table] = cursor.fetchone()[0]
                return counts
        finally:
            conn.close()
    conn = sqlite3.connect(db["NAME"])
    try:
        tables = [
            r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}
    finally:
        conn.close()


def file_checksums(root: Path) -> dict[str, str]:
    sums = {}
    if root.exists():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            sums[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return sums


def backup(*, output_dir: Path, db: dict[str, Any], media_root: Path, now: dt.datetime | None = None) -> Path:
    now = now or timezone.now()
    target = Path(output_dir) / f"cascade-{timezone.localtime(now):%Y%m%d-%H%M%S}"
    target.mkdir(parents=True, exist_ok=False)
    if _is_postgres(db):
        args, env = _pg_args(db)
        _run(
            [
                "pg_dump",
                *args,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--file",
                str(target / DB_DUMP),
                db["NAME"],
            ],
            env,
        )
    else:
        source = sqlite3.connect(db["NAME"])
        dest = sqlite3.connect(target / DB_SQLITE)
        try:
            source.backup(dest)  # a consistent copy even while the app writes
        finally:
            dest.close()
            source.close()
    media_root = Path(media_root)
    with tarfile.open(target / MEDIA_TAR, "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname=".")
    manifest = {
        "created_at": now.isoformat(),
        "engine": "postgresql" if _is_postgres(db) else "sqlite",
        "database": db["NAME"] if _is_postgres(db) else Path(db["NAME"]).name,
        "tables": table_counts(db),
        "files": file_checksums(media_root),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return target


@dataclass
class RestoreReport:
    tables: int
    rows: int
    files: int
    mismatches: list[str]

    @property
    def ok(self) -> bool:
        return not self.mismatches


def read_manifest(source: Path) -> dict[str, Any]:
    path = Path(source) / MANIFEST
    if not path.exists():
        raise BackupError(f"{source} is not a Cascade backup (no {MANIFEST})")
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return manifest


def restore(*, source: Path, db: dict[str, Any], media_root: Path, now: dt.datetime | None = None) -> RestoreReport:
    source = Path(source)
    manifest = read_manifest(source)
    connections.close_all()  # pg_restore drops tables: no open transaction of ours may hold them
    if manifest["engine"] == "postgresql":
        if not _is_postgres(db):
            raise BackupError("This backup is of PostgreSQL; the target database is not")
        args, env = _pg_args(db)
        _run(
            [
                "pg_restore",
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--dbname",
                db["NAME"],
                str(source / DB_DUMP),
            ],
            env,
        )
    else:
        if _is_postgres(db):
            raise BackupError("This backup is of SQLite; the target database is PostgreSQL")
        shutil.copyfile(source / DB_SQLITE, db["NAME"])
    _restore_media(source / MEDIA_TAR, Path(media_root), now=now or timezone.now())
    return verify(manifest=manifest, db=db, media_root=Path(media_root))


def _restore_media(tar_path: Path, media_root: Path, *, now: dt.datetime) -> None:
    staging = media_root.with_name(f"{media_root.name}.restoring")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with tarfile.open(tar_path, "r:gz") as archive:
        archive.extractall(staging, filter="data")  # refuses absolute paths, "..", devices, links out
    if media_root.exists():
        media_root.rename(media_root.with_name(f"{media_root.name}.before-restore-{now:%Y%m%d-%H%M%S}"))
    staging.rename(media_root)


def verify(*, manifest: dict[str, Any], db: dict[str, Any], media_root: Path) -> RestoreReport:
    mismatches = []
    counts = table_counts(db)
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            mismatches.append(f"table {table}: {counts.get(table)} rows, backup had {expected}")
    files = file_checksums(media_root)
    for name, digest in manifest["files"].items():
        if files.get(name) != digest:
            mismatches.append(f"file {name}: {'missing' if name not in files else 'different content'}")
    return RestoreReport(
        tables=len(manifest["tables"]),
        rows=sum(manifest["tables"].values()),
        files=len(manifest["files"]),
        mismatches=mismatches,
    )
