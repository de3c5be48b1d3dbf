"""INSERT … ON CONFLICT DO NOTHING [RETURNING] for the sweep's hot path.

`bulk_create(ignore_conflicts=True)` cannot say which rows it inserted and builds a model instance
per row; the sweep inserts up to millions of ledger and notification rows and needs exactly the
inserted ones. PostgreSQL gets one `unnest` statement per chunk (a few array parameters); other
databases (the SQLite embedded default) a multi-row VALUES list.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence

from django.db import connection
from django.db.models import Model
from django.utils import timezone

CHUNK = 3000  # rows per statement (SQLite allows 32766 parameters)


def _adapt(value: object) -> object:
    ops = connection.ops
    if isinstance(value, dt.datetime):
        return ops.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return ops.adapt_datefield_value(value)
    return value


def pg_array(values: Sequence[object]) -> str:
    """A PostgreSQL array literal ('{1,2,NULL}') built in one join: adapting a list of a few
    thousand Python objects one by one costs the sweep more than the insert itself. Dispatches on
    the exact type (the hot path: ints and dates), which is several times cheaper than isinstance
    chains over millions of values."""
    items: list[str] = []
    append = items.append
    for value in values:
        kind = type(value)
        if kind is int:
            append(str(value))
        elif kind is dt.date:
            append(value.isoformat())  # type: ignore[attr-defined]
        elif value is None:
            append("NULL")
        elif kind is bool:
            append("t" if value else "f")
        elif isinstance(value, int):  # int subclasses (IntEnum)
            append(str(int(value)))
        elif isinstance(value, dt.date):  # datetimes too
            append(value.isoformat())
        else:
            text = str(value).replace("\\", "\\\\").replace('"', '\\"')
            append(f'"{text}"')
    return "{" + ",".join(items) + "}"


def model_defaults(model: type[Model], *, skip: Sequence[str] = ()) -> dict[str, object]:
    """The values `Model.save()` would write for the columns not in `skip`: field defaults, ""
    for text columns without one, the current time for auto_now/auto_now_add. Nullable columns
    without a default are left out (NULL); so are required ones, which the caller must supply."""
    now = timezone.now()
    values: dict[str, object] = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.attname in skip or field.column in skip:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value: object = now
        elif field.has_default() or (not field.null and field.empty_strings_allowed):
            if field.unique and callable(field.default):  # one call would be shared by every row
                raise ValueError(f"{model.__name__}.{field.name}: pass it as a column, not a default")
            value = field.get_default()
        else:
            continue
        values[field.column] = value.value if isinstance(value, enum.Enum) else value
    return values


def insert_ignore(
    *,
    model: type[Model],
    columns: Sequence[str],
    pg_types: Sequence[str],
    rows: Sequence[tuple[object, ...]],
    constants: Mapping[str, object] | None = None,
    returning: Sequence[str] = (),
) -> list[tuple[object, ...]]:
    """Insert `rows` (one value per column) into `model`'s table; skip conflicting rows.

    Every other column gets `constants[column]` if given, else what the model would write: its
    default, "" for a text column without one, now for auto_now/auto_now_add (NULL for nullable
    columns without a default). Returns the `returning` columns of the rows actually inserted
    (empty list if none asked).
    """
    table = model._meta.db_table
    constants = {**model_defaults(model, skip=columns), **(constants or {})}
    all_columns = ", ".join([*columns, *constants])
    tail = " ON CONFLICT DO NOTHING" + (f" RETURNING {', '.join(returning)}" if returning else "")
    const_values = [_adapt(v) for v in constants.values()]
    out: list[tuple[object, ...]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            if connection.vendor == "postgresql":
                arrays = ", ".join(f"%s::{t}[]" for t in pg_types)
                names = ", ".join(f"c{i}" for i in range(len(columns)))
                consts = "".join(", %s" for _ in constants)
                sql = f"INSERT INTO {table} ({all_columns}) SELECT {names}{consts} FROM unnest({arrays}) AS v({names})"
                params: list[object] = [
                    *const_values,
                    *(pg_array([row[i] for row in chunk]) for i in range(len(columns))),
                ]
            else:
                width = len(columns) + len(constants)
                values = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(chunk))
                sql = f"INSERT INTO {table} ({all_columns}) VALUES {values}"
                params = []
                for row in chunk:
                    params += [_adapt(v) for v in row] + const_values
            cursor.execute(sql + tail, params)  # type: ignore[arg-type]  # rows hold any value the driver adapts
            if returning:
                out += cursor.fetchall()
    return out
