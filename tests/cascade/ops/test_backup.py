"""`make backup` / `make restore`: a restore gives back exactly the rows and files that were saved."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import psycopg2
import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection

from accounts import audit
from cascade.ops.backup import file_checksums, read_manifest, table_counts
from directives.models import Assignment
from reports.models import Attachment
from tests.factories import AssignmentFactory, CompletionReportFactory, DocumentFactory, TaskFactory

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump / pg_restore"),
]


def _admin_connection():
    db = connection.settings_dict
    conn = psycopg2.connect(
        dbname="postgres", user=db["USER"] or None, password=db["PASSWORD"] or None, host=db["HOST"], port=db["PORT"]
    )
    conn.autocommit = True
    return conn


@pytest.fixture
def scratch_db():
    name = f"{connection.settings_dict['NAME']}_restore"
    admin = _admin_connection()
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield {**connection.settings_dict, "NAME": name}
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.fixture
def some_work(tree, leader, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with audit.acting_as(leader):
        document = DocumentFactory(issuer=tree.board)
        for unit in (tree.district_a, tree.district_b, tree.commune_a):
            assignment = AssignmentFactory(task=TaskFactory(document=document), unit=unit)
            report = CompletionReportFactory(
                assignment=assignment, status="submitted", submitted_at=dt.datetime(2023, 10, 2, tzinfo=dt.UTC)
            )
            attachment = Attachment(report=report, original_name="bc.pdf", content_type="application/pdf", size=9)
            attachment.file.save("bc.pdf", ContentFile(f"%PDF-{unit.code}".encode()), save=False)
            attachment.save()
    return settings.MEDIA_ROOT


def test_a_restore_into_a_fresh_database_gives_back_identical_counts_and_files(some_work, scratch_db, tmp_path):
    out = StringIO()
    call_command("backup", output=str(tmp_path / "backups"), stdout=out)
    [folder] = (tmp_path / "backups").iterdir()
    manifest = read_manifest(folder)
    assert manifest["tables"]["directives_assignment"] == 3
    assert manifest["tables"]["accounts_auditentry"] > 0
    assert len(manifest["files"]) == 3

    restored_media = tmp_path / "restored-media"
    call_command(
        "restore",
        str(folder),
        yes=True,
        database_url=(
            f"postgres://{scratch_db['USER']}@{scratch_db['HOST']}:{scratch_db['PORT']}/{scratch_db['NAME']}"
        ),
        media_root=str(restored_media),
        stdout=out,
    )
    assert "counts and checksums match" in out.getvalue()
    assert table_counts(scratch_db) == table_counts(connection.settings_dict) == manifest["tables"]
    assert file_checksums(restored_media) == file_checksums(some_work)


def test_restoring_over_the_live_database_undoes_later_changes(some_work, tmp_path):
    call_command("backup", output=str(tmp_path / "backups"), stdout=StringIO())
    [folder] = (tmp_path / "backups").iterdir()
    before = table_counts(connection.settings_dict)

    Assignment.objects.filter(unit__code="x-bs").delete()  # a mistake someone wants undone
    AssignmentFactory(unit=Assignment.objects.first().unit)
    (some_work / "stray.txt").write_text("mới")
    assert table_counts(connection.settings_dict) != before

    call_command("restore", str(folder), yes=True, stdout=StringIO())
    assert table_counts(connection.settings_dict) == before
    assert "stray.txt" not in file_checksums(some_work)
    # The append-only guard came back with the table.
    with pytest.raises(Exception, match="append-only"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM accounts_auditentry")


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a Cascade backup"):
        call_command("restore", str(tmp_path), yes=True)
