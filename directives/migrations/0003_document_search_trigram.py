"""Accent-insensitive search: a pg_trgm GIN index on the folded `Document.search_text`.

`search_text` is already folded to lower case without accents, so the search view filters with
a plain `contains` (LIKE '%…%'), which this index serves. PostgreSQL only: SQLite (the embedded
default) skips both operations and searches by scanning.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


def _forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS document_search_trgm_idx "
        "ON directives_document USING gin (search_text gin_trgm_ops)"
    )


def _backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS document_search_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("directives", "0002_document_import")]

    operations = [
        TrigramExtension(),  # a no-op outside PostgreSQL
        migrations.RunPython(_forwards, _backwards, elidable=False),
    ]
