from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from cascade.lib.bulksql import pg_array

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("values", "cast"),
    [
        pytest.param([1, 2, None, 9_000_000_000], "bigint", id="integers"),
        pytest.param([dt.date(2023, 11, 15), None, dt.date(2024, 2, 29)], "date", id="dates"),
        pytest.param(["reminder_7", 'có "ngoặc", dấu phẩy', "a\\b", "NULL", "", "{x}"], "text", id="texts"),
    ],
)
def test_array_literals_round_trip_through_postgresql(values, cast):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT %s::{cast}[]", [pg_array(values)])
        (result,) = cursor.fetchone()
    assert result == values
