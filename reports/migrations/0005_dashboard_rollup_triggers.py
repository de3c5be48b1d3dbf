"""PostgreSQL triggers that keep the dashboard roll-up tables exact, inside the writing transaction.

Why triggers and not service calls: assignments change from many places (logging a document, a
report submitted, reviewed or returned, the deadline sweep, the admin, bulk updates), most of them
owned by other features; a trigger sees every one of them, including ``QuerySet.update`` and
``bulk_create``, and the tables stay correct by construction. The invariant, checked against a
brute-force count by ``manage.py dashboard_rollup --check`` and the test-suite:

* ``reports_unitrollup`` (directive, node, unit level, own, due date) = the assignments of that
  directive whose ``unit_path`` starts with the node's path;
* ``reports_documentrollup`` (directive, document, scope, due date) = the assignments of that
  directive whose task belongs to the document or to a document below it (``primary_parent``),
  for units under ``scope_path`` (a path of depth 1 or 2).

Changes that move contributions are handled where they happen: an assignment's status, due date,
unit or directive (statement triggers with transition tables, set-based), a document's primary
parent (its subtree's totals move from the old ancestors to the new ones, before the row changes so
every step sees the tree the tables were consistent with), a task's document, an organisation's
level. Rows are upserted in key order so concurrent writers take row locks in the same order.

The functions run with JIT off: the planner over-estimates the set-returning parts and would
otherwise spend seconds compiling a query that handles a few hundred rows.

Nothing is installed on SQLite (the embedded default), where the dashboard counts directly.
"""

from django.db import migrations

NO_DUE = "DATE '9999-12-31'"

FORWARD = f"""
CREATE TYPE cascade_rollup_delta AS (
    directive_id bigint,
    document_id bigint,
    unit_path varchar,
    unit_level smallint,
    due_on date,
    cls smallint,
    late_days integer,
    sign integer
);

-- 0 open (pending, returned), 1 done on time, 2 done late: directives.timeliness.timeliness_of.
CREATE FUNCTION cascade_rollup_class(status varchar, due_on date, submitted_on date) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (CASE
        WHEN status IN ('submitted', 'accepted') THEN
            CASE WHEN due_on IS NOT NULL AND submitted_on IS NOT NULL AND submitted_on > due_on THEN 2 ELSE 1 END
        ELSE 0
    END)::smallint
$$;

CREATE FUNCTION cascade_rollup_row(
    directive_id bigint, document_id bigint, unit_path varchar, unit_level smallint,
    status varchar, due_on date, submitted_on date, sign integer
) RETURNS cascade_rollup_delta
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ROW(
        directive_id, document_id, unit_path, unit_level, coalesce(due_on, {NO_DUE}),
        cascade_rollup_class(status, due_on, submitted_on),
        CASE WHEN cascade_rollup_class(status, due_on, submitted_on) = 2 THEN submitted_on - due_on ELSE 0 END,
        sign
    )::cascade_rollup_delta
$$;

CREATE FUNCTION cascade_rollup_apply_units(deltas cascade_rollup_delta[]) RETURNS void
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
    emptied bigint[];
BEGIN
    WITH expanded AS (
        SELECT t.directive_id,
               substr(t.unit_path, 1, 4 * k) AS node_path,
               k AS node_depth,
               t.unit_level,
               (4 * k = length(t.unit_path)) AS own,
               t.due_on,
               coalesce(sum(t.sign) FILTER (WHERE t.cls = 0), 0) AS open_n,
               coalesce(sum(t.sign) FILTER (WHERE t.cls = 1), 0) AS on_time_n,
               coalesce(sum(t.sign) FILTER (WHERE t.cls = 2), 0) AS late_n,
               coalesce(sum(t.sign * t.late_days), 0) AS late_days
        FROM unnest(deltas) AS t
        CROSS JOIN LATERAL generate_series(1, length(t.unit_path) / 4) AS k
        WHERE t.directive_id IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5, 6
    ), upserted AS (
        INSERT INTO reports_unitrollup AS r
            (directive_id, node_path, node_depth, unit_level, own, due_on, open_n, on_time_n, late_n, late_days)
        SELECT directive_id, node_path, node_depth, unit_level, own, due_on, open_n, on_time_n, late_n, late_days
        FROM expanded
        WHERE open_n <> 0 OR on_time_n <> 0 OR late_n <> 0 OR late_days <> 0
        ORDER BY directive_id, node_path, unit_level, own, due_on
        ON CONFLICT (directive_id, node_path, unit_level, own, due_on) DO UPDATE SET
            open_n = r.open_n + EXCLUDED.open_n,
            on_time_n = r.on_time_n + EXCLUDED.on_time_n,
            late_n = r.late_n + EXCLUDED.late_n,
            late_days = r.late_days + EXCLUDED.late_days
        RETURNING r.id, r.open_n, r.on_time_n, r.late_n
    )
    SELECT array_agg(id) INTO emptied FROM upserted WHERE open_n = 0 AND on_time_n = 0 AND late_n = 0;
    IF emptied IS NOT NULL THEN
        DELETE FROM reports_unitrollup
        WHERE id = ANY(emptied) AND open_n = 0 AND on_time_n = 0 AND late_n = 0;
    END IF;
END
$$;

CREATE FUNCTION cascade_rollup_apply_documents(deltas cascade_rollup_delta[]) RETURNS void
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
    emptied bigint[];
BEGIN
    WITH RECURSIVE seeds AS (
        SELECT DISTINCT t.document_id FROM unnest(deltas) AS t
        WHERE t.document_id IS NOT NULL AND t.directive_id IS NOT NULL
    ), lineage(document_id, ancestor_id, hops) AS (
        SELECT document_id, document_id, 0 FROM seeds
        UNION ALL
        SELECT l.document_id, d.primary_parent_id, l.hops + 1
        FROM lineage AS l JOIN directives_document AS d ON d.id = l.ancestor_id
        WHERE d.primary_parent_id IS NOT NULL AND l.hops < 64
    ), expanded AS (
        SELECT t.directive_id,
               l.ancestor_id AS document_id,
               substr(t.unit_path, 1, 4 * k) AS scope_path,
               t.due_on,
               coalesce(sum(t.sign) FILTER (WHERE t.cls = 0), 0) AS open_n,
               coalesce(sum(t.sign) FILTER (WHERE t.cls = 1), 0) AS on_time_n,
               coalesce(sum(t.sign) FILTER (WHERE t.cls = 2), 0) AS late_n,
               coalesce(sum(t.sign * t.late_days), 0) AS late_days
        FROM unnest(deltas) AS t
        JOIN lineage AS l ON l.document_id = t.document_id
        CROSS JOIN LATERAL generate_series(1, least(2, length(t.unit_path) / 4)) AS k
        WHERE t.directive_id IS NOT NULL
        GROUP BY 1, 2, 3, 4
    ), upserted AS (
        INSERT INTO reports_documentrollup AS r
            (directive_id, document_id, scope_path, due_on, open_n, on_time_n, late_n, late_days)
        SELECT directive_id, document_id, scope_path, due_on, open_n, on_time_n, late_n, late_days
        FROM expanded
        WHERE open_n <> 0 OR on_time_n <> 0 OR late_n <> 0 OR late_days <> 0
        ORDER BY document_id, scope_path, due_on, directive_id
        ON CONFLICT (document_id, scope_path, due_on, directive_id) DO UPDATE SET
            open_n = r.open_n + EXCLUDED.open_n,
            on_time_n = r.on_time_n + EXCLUDED.on_time_n,
            late_n = r.late_n + EXCLUDED.late_n,
            late_days = r.late_days + EXCLUDED.late_days
        RETURNING r.id, r.open_n, r.on_time_n, r.late_n
    )
    SELECT array_agg(id) INTO emptied FROM upserted WHERE open_n = 0 AND on_time_n = 0 AND late_n = 0;
    IF emptied IS NOT NULL THEN
        DELETE FROM reports_documentrollup
        WHERE id = ANY(emptied) AND open_n = 0 AND on_time_n = 0 AND late_n = 0;
    END IF;
END
$$;

CREATE FUNCTION cascade_rollup_assignment_inserted() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
    d cascade_rollup_delta[];
BEGIN
    SELECT array_agg(cascade_rollup_row(
               a.directive_id, t.document_id, a.unit_path, o.level::smallint, a.status, a.due_on, a.submitted_on, 1))
    INTO d
    FROM new_rows AS a
    JOIN directives_task AS t ON t.id = a.task_id
    JOIN directives_organization AS o ON o.id = a.unit_id
    WHERE a.directive_id IS NOT NULL;
    IF d IS NOT NULL THEN
        PERFORM cascade_rollup_apply_units(d);
        PERFORM cascade_rollup_apply_documents(d);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION cascade_rollup_assignment_deleted() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
    d cascade_rollup_delta[];
BEGIN
    SELECT array_agg(cascade_rollup_row(
               a.directive_id, t.document_id, a.unit_path, o.level::smallint, a.status, a.due_on, a.submitted_on, -1))
    INTO d
    FROM old_rows AS a
    JOIN directives_task AS t ON t.id = a.task_id
    JOIN directives_organization AS o ON o.id = a.unit_id
    WHERE a.directive_id IS NOT NULL;
    IF d IS NOT NULL THEN
        PERFORM cascade_rollup_apply_units(d);
        PERFORM cascade_rollup_apply_documents(d);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION cascade_rollup_assignment_updated() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
    d cascade_rollup_delta[];
BEGIN
    WITH changed AS (
        SELECT o.directive_id AS o_directive, o.task_id AS o_task, o.unit_id AS o_unit, o.unit_path AS o_path,
               o.status AS o_status, o.due_on AS o_due, o.submitted_on AS o_submitted,
               n.directive_id AS n_directive, n.task_id AS n_task, n.unit_id AS n_unit, n.unit_path AS n_path,
               n.status AS n_status, n.due_on AS n_due, n.submitted_on AS n_submitted
        FROM old_rows AS o JOIN new_rows AS n ON n.id = o.id
        WHERE (o.directive_id, o.task_id, o.unit_id, o.unit_path, o.status, o.due_on, o.submitted_on)
              IS DISTINCT FROM
              (n.directive_id, n.task_id, n.unit_id, n.unit_path, n.status, n.due_on, n.submitted_on)
    ), rows AS (
        SELECT cascade_rollup_row(c.o_directive, t.document_id, c.o_path, u.level::smallint,
                                  c.o_status, c.o_due, c.o_submitted, -1) AS r
        FROM changed AS c
        JOIN directives_task AS t ON t.id = c.o_task
        JOIN directives_organization AS u ON u.id = c.o_unit
        WHERE c.o_directive IS NOT NULL
        UNION ALL
        SELECT cascade_rollup_row(c.n_directive, t.document_id, c.n_path, u.level::smallint,
                                  c.n_status, c.n_due, c.n_submitted, 1)
        FROM changed AS c
        JOIN directives_task AS t ON t.id = c.n_task
        JOIN directives_organization AS u ON u.id = c.n_unit
        WHERE c.n_directive IS NOT NULL
    )
    SELECT array_agg(r) INTO d FROM rows;
    IF d IS NOT NULL THEN
        PERFORM cascade_rollup_apply_units(d);
        PERFORM cascade_rollup_apply_documents(d);
    END IF;
    RETURN NULL;
END
$$;

-- A document placed under another parent: its subtree's totals leave the old ancestors and join
-- the new ones. BEFORE the row changes, so the walk up the tree sees the state the tables match.
CREATE FUNCTION cascade_rollup_document_moved() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
BEGIN
    IF NEW.primary_parent_id IS NOT DISTINCT FROM OLD.primary_parent_id THEN
        RETURN NEW;
    END IF;
    IF NEW.primary_parent_id IS NOT NULL AND EXISTS (
        WITH RECURSIVE up(id, hops) AS (
            SELECT NEW.primary_parent_id, 0
            UNION ALL
            SELECT d.primary_parent_id, up.hops + 1
            FROM up JOIN directives_document AS d ON d.id = up.id
            WHERE d.primary_parent_id IS NOT NULL AND up.hops < 64
        )
        SELECT 1 FROM up WHERE up.id = NEW.id
    ) THEN
        RAISE EXCEPTION 'document % cannot be placed below its own descendant %', NEW.id, NEW.primary_parent_id;
    END IF;
    WITH RECURSIVE old_up(id, hops) AS (
        SELECT OLD.primary_parent_id, 0 WHERE OLD.primary_parent_id IS NOT NULL
        UNION ALL
        SELECT d.primary_parent_id, u.hops + 1
        FROM old_up AS u JOIN directives_document AS d ON d.id = u.id
        WHERE d.primary_parent_id IS NOT NULL AND u.hops < 64
    ), new_up(id, hops) AS (
        SELECT NEW.primary_parent_id, 0 WHERE NEW.primary_parent_id IS NOT NULL
        UNION ALL
        SELECT d.primary_parent_id, u.hops + 1
        FROM new_up AS u JOIN directives_document AS d ON d.id = u.id
        WHERE d.primary_parent_id IS NOT NULL AND u.hops < 64
    ), moves AS (
        SELECT id, -1 AS sign FROM old_up
        UNION ALL
        SELECT id, 1 FROM new_up
    ), shifted AS (
        SELECT s.directive_id, m.id AS document_id, s.scope_path, s.due_on,
               sum(m.sign * s.open_n) AS open_n,
               sum(m.sign * s.on_time_n) AS on_time_n,
               sum(m.sign * s.late_n) AS late_n,
               sum(m.sign * s.late_days) AS late_days
        FROM reports_documentrollup AS s CROSS JOIN moves AS m
        WHERE s.document_id = NEW.id
        GROUP BY 1, 2, 3, 4
    )
    INSERT INTO reports_documentrollup AS r
        (directive_id, document_id, scope_path, due_on, open_n, on_time_n, late_n, late_days)
    SELECT directive_id, document_id, scope_path, due_on, open_n, on_time_n, late_n, late_days
    FROM shifted
    WHERE open_n <> 0 OR on_time_n <> 0 OR late_n <> 0 OR late_days <> 0
    ORDER BY document_id, scope_path, due_on, directive_id
    ON CONFLICT (document_id, scope_path, due_on, directive_id) DO UPDATE SET
        open_n = r.open_n + EXCLUDED.open_n,
        on_time_n = r.on_time_n + EXCLUDED.on_time_n,
        late_n = r.late_n + EXCLUDED.late_n,
        late_days = r.late_days + EXCLUDED.late_days;
    RETURN NEW;
END
$$;

CREATE FUNCTION cascade_rollup_document_deleted() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
BEGIN
    DELETE FROM reports_documentrollup WHERE document_id = OLD.id;
    RETURN NULL;
END
$$;

CREATE FUNCTION cascade_rollup_task_updated() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
    d cascade_rollup_delta[];
BEGIN
    WITH moved AS (
        SELECT o.id, o.document_id AS o_document, n.document_id AS n_document
        FROM old_rows AS o JOIN new_rows AS n ON n.id = o.id
        WHERE o.document_id IS DISTINCT FROM n.document_id
    ), rows AS (
        SELECT cascade_rollup_row(a.directive_id, m.o_document, a.unit_path, 0::smallint,
                                  a.status, a.due_on, a.submitted_on, -1) AS r
        FROM moved AS m JOIN directives_assignment AS a ON a.task_id = m.id
        WHERE a.directive_id IS NOT NULL
        UNION ALL
        SELECT cascade_rollup_row(a.directive_id, m.n_document, a.unit_path, 0::smallint,
                                  a.status, a.due_on, a.submitted_on, 1)
        FROM moved AS m JOIN directives_assignment AS a ON a.task_id = m.id
        WHERE a.directive_id IS NOT NULL
    )
    SELECT array_agg(r) INTO d FROM rows;
    IF d IS NOT NULL THEN
        PERFORM cascade_rollup_apply_documents(d);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION cascade_rollup_organization_updated() RETURNS trigger
LANGUAGE plpgsql SET jit = off AS $$
DECLARE
    d cascade_rollup_delta[];
BEGIN
    WITH relevelled AS (
        SELECT o.id, o.level AS o_level, n.level AS n_level
        FROM old_rows AS o JOIN new_rows AS n ON n.id = o.id
        WHERE o.level IS DISTINCT FROM n.level
    ), rows AS (
        SELECT cascade_rollup_row(a.directive_id, NULL, a.unit_path, r.o_level::smallint,
                                  a.status, a.due_on, a.submitted_on, -1) AS x
        FROM relevelled AS r JOIN directives_assignment AS a ON a.unit_id = r.id
        WHERE a.directive_id IS NOT NULL
        UNION ALL
        SELECT cascade_rollup_row(a.directive_id, NULL, a.unit_path, r.n_level::smallint,
                                  a.status, a.due_on, a.submitted_on, 1)
        FROM relevelled AS r JOIN directives_assignment AS a ON a.unit_id = r.id
        WHERE a.directive_id IS NOT NULL
    )
    SELECT array_agg(x) INTO d FROM rows;
    IF d IS NOT NULL THEN
        PERFORM cascade_rollup_apply_units(d);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER cascade_rollup_assignment_ins AFTER INSERT ON directives_assignment
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION cascade_rollup_assignment_inserted();
CREATE TRIGGER cascade_rollup_assignment_upd AFTER UPDATE ON directives_assignment
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cascade_rollup_assignment_updated();
CREATE TRIGGER cascade_rollup_assignment_del AFTER DELETE ON directives_assignment
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION cascade_rollup_assignment_deleted();
CREATE TRIGGER cascade_rollup_document_mv BEFORE UPDATE OF primary_parent_id ON directives_document
    FOR EACH ROW EXECUTE FUNCTION cascade_rollup_document_moved();
CREATE TRIGGER cascade_rollup_document_del AFTER DELETE ON directives_document
    FOR EACH ROW EXECUTE FUNCTION cascade_rollup_document_deleted();
CREATE TRIGGER cascade_rollup_task_upd AFTER UPDATE ON directives_task
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cascade_rollup_task_updated();
CREATE TRIGGER cascade_rollup_organization_upd AFTER UPDATE ON directives_organization
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION cascade_rollup_organization_updated();

-- The overdue table's default page: open assignments in due-date order (oldest debt first),
-- filtered by subtree on the index itself.
CREATE INDEX IF NOT EXISTS dashboard_assignment_open_due_idx ON directives_assignment
    (due_on, unit_path varchar_pattern_ops) WHERE status IN ('pending', 'returned');

-- One directive's assignments in one subtree, answered from the index alone (direct counts for
-- small scopes, the overdue table's filters, the charts' submission dates).
CREATE INDEX IF NOT EXISTS dashboard_assignment_directive_path_cover_idx ON directives_assignment
    (directive_id, unit_path varchar_pattern_ops) INCLUDE (id, status, due_on, submitted_on, unit_id, task_id);

-- The top levels of a subtree (filter pickers, default levels): depth first, then the path prefix.
CREATE INDEX IF NOT EXISTS dashboard_organization_depth_path_idx ON directives_organization
    (depth, path varchar_pattern_ops);
"""

BACKWARD = """
DROP INDEX IF EXISTS dashboard_organization_depth_path_idx;
DROP INDEX IF EXISTS dashboard_assignment_directive_path_cover_idx;
DROP INDEX IF EXISTS dashboard_assignment_open_due_idx;
DROP TRIGGER IF EXISTS cascade_rollup_organization_upd ON directives_organization;
DROP TRIGGER IF EXISTS cascade_rollup_task_upd ON directives_task;
DROP TRIGGER IF EXISTS cascade_rollup_document_del ON directives_document;
DROP TRIGGER IF EXISTS cascade_rollup_document_mv ON directives_document;
DROP TRIGGER IF EXISTS cascade_rollup_assignment_del ON directives_assignment;
DROP TRIGGER IF EXISTS cascade_rollup_assignment_upd ON directives_assignment;
DROP TRIGGER IF EXISTS cascade_rollup_assignment_ins ON directives_assignment;
DROP FUNCTION IF EXISTS cascade_rollup_organization_updated();
DROP FUNCTION IF EXISTS cascade_rollup_task_updated();
DROP FUNCTION IF EXISTS cascade_rollup_document_deleted();
DROP FUNCTION IF EXISTS cascade_rollup_document_moved();
DROP FUNCTION IF EXISTS cascade_rollup_assignment_updated();
DROP FUNCTION IF EXISTS cascade_rollup_assignment_deleted();
DROP FUNCTION IF EXISTS cascade_rollup_assignment_inserted();
DROP FUNCTION IF EXISTS cascade_rollup_apply_documents(cascade_rollup_delta[]);
DROP FUNCTION IF EXISTS cascade_rollup_apply_units(cascade_rollup_delta[]);
DROP FUNCTION IF EXISTS cascade_rollup_row(bigint, bigint, varchar, smallint, varchar, date, date, integer);
DROP FUNCTION IF EXISTS cascade_rollup_class(varchar, date, date);
DROP TYPE IF EXISTS cascade_rollup_delta;
"""


def _on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # A plain cursor: the SQL carries literal "%" (RAISE format) that parameter
            # interpolation would misread.
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_dashboard_rollup"),
        ("directives", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(_on_postgresql(FORWARD), _on_postgresql(BACKWARD)),
    ]
