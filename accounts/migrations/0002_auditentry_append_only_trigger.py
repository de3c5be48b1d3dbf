"""PostgreSQL refuses UPDATE and DELETE on the audit trail, whoever asks (the app, the admin, psql).

TRUNCATE stays possible for the table owner (test database flushes, `make restore`); run the app with
a role that has no TRUNCATE privilege to close that too (docs/security.md). SQLite (the embedded
default) relies on the model and admin guards.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION accounts_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'accounts_auditentry is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS accounts_auditentry_append_only ON accounts_auditentry;
CREATE TRIGGER accounts_auditentry_append_only
    BEFORE UPDATE OR DELETE ON accounts_auditentry
    FOR EACH ROW EXECUTE FUNCTION accounts_auditentry_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS accounts_auditentry_append_only ON accounts_auditentry;
DROP FUNCTION IF EXISTS accounts_auditentry_append_only();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_audit_and_invitations")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
