"""Document numbers from the unit's register of outgoing documents (sổ văn bản đi).

Party bodies number from 01 per document type within a committee term (HD 36 Điểm 1.3.1);
State bodies from 01 per calendar year (ND 30/2020). A number is taken by one atomic
`INSERT … ON CONFLICT DO UPDATE … RETURNING` on the sequence row: on PostgreSQL the row stays
locked until the caller's transaction commits, so a second person issuing at the same moment
waits and gets the next number; the unique constraint on OutgoingDocument is the backstop.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.db.models import Q

from directives.models import Organization
from reports.models import CommitteeTerm, OutgoingDocument, OutgoingRegister
from reports.pdf.profiles import LayoutProfile, NumberingPeriod, profile_for

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# Party congresses from the grassroots to the provinces are held every five years (2020, 2025,
# 2030 …) and close by autumn; without a recorded term we assume it starts on 1 October.
DEFAULT_TERM_YEARS = 5
DEFAULT_TERM_START = (10, 1)


@dataclass(frozen=True)
class Period:
    key: str
    label: str


def default_term_start(on: dt.date) -> dt.date:
    year = on.year - on.year % DEFAULT_TERM_YEARS
    start = dt.date(year, *DEFAULT_TERM_START)
    if start > on:
        start = dt.date(year - DEFAULT_TERM_YEARS, *DEFAULT_TERM_START)
    return start


def numbering_period(*, issuer: Organization, on: dt.date, profile: LayoutProfile) -> Period:
    if profile.numbering_period == NumberingPeriod.YEAR:
        return Period(f"year:{on.year}", f"Năm {on.year}")
    step = Organization.steplen
    ancestors = [issuer.path[:end] for end in range(step, len(issuer.path) + 1, step)]
    term = (
        CommitteeTerm.objects.filter(organization__path__in=ancestors, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .order_by("-organization__depth", "-starts_on")
        .first()
    )
    if term is not None:
        return Period(f"term:{term.pk}", term.name)
    start = default_term_start(on)
    return Period(f"term:default-{start.year}", f"Nhiệm kỳ {start.year} - {start.year + DEFAULT_TERM_YEARS}")


def _next_number(*, issuer: Organization, doc_type: str, period: Period) -> int:
    table = connection.ops.quote_name(OutgoingRegister._meta.db_table)
    sql = (
        f"INSERT INTO {table} (organization_id, doc_type, period, period_label, last_number) "
        "VALUES (%s, %s, %s, %s, 1) "
        "ON CONFLICT (organization_id, doc_type, period) "
        f"DO UPDATE SET last_number = {table}.last_number + 1 "
        "RETURNING last_number"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [issuer.pk, doc_type, period.key, period.label])
        (number,) = cursor.fetchone()
    return int(number)


@transaction.atomic
def number_allocate(
    *, issuer: Organization, doc_type: str, on: dt.date, subject: str = "", created_by: User | None = None
) -> OutgoingDocument:
    """Give the next number of the issuer's sequence and write it into the register."""
    profile = profile_for(is_party=issuer.is_party, on=on)
    period = numbering_period(issuer=issuer, on=on, profile=profile)
    number = _next_number(issuer=issuer, doc_type=doc_type, period=period)
    symbol = profile.number_text(number=number, type_code=doc_type, issuer_code=issuer.symbol_code)
    return OutgoingDocument.objects.create(
        organization=issuer,
        doc_type=doc_type,
        period=period.key,
        number=number,
        symbol=symbol.removeprefix("Số: ").removeprefix("Số "),
        issued_on=on,
        subject=subject[:2000],
        created_by=created_by if getattr(created_by, "pk", None) else None,
    )
