"""The four-way status of Vietnamese government reporting, as a pure function of (row, today).

hoàn thành đúng hạn / hoàn thành quá hạn / chưa hoàn thành trong hạn / chưa hoàn thành quá hạn,
with "sắp đến hạn" picked out of the third: not done, due from today up to `due_soon_until`, the
last due date that counts as due soon today. Every screen gets that date from one place,
`directives.deadlines.scheduling.due_soon_until(today=...)` (DEADLINE_DUE_SOON_DAYS working days
ahead), read once at the edge with today; this module stays pure and just compares dates.
Never stored: a stored flag would drift; the due date, the status and today decide it.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class Timeliness(StrEnum):
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    ON_TRACK = "on_track"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def colour(self) -> str:
        """The colours Vietnamese e-office users know: green, amber, red, grey when done."""
        return _COLOURS[self]

    @property
    def is_done(self) -> bool:
        return self in (Timeliness.DONE_ON_TIME, Timeliness.DONE_LATE)


_LABELS = {
    Timeliness.DONE_ON_TIME: "Hoàn thành đúng hạn",
    Timeliness.DONE_LATE: "Hoàn thành quá hạn",
    Timeliness.ON_TRACK: "Chưa hoàn thành, trong hạn",
    Timeliness.DUE_SOON: "Sắp đến hạn",
    Timeliness.OVERDUE: "Chưa hoàn thành, quá hạn",
}
_COLOURS = {
    Timeliness.DONE_ON_TIME: "grey",
    Timeliness.DONE_LATE: "grey",
    Timeliness.ON_TRACK: "green",
    Timeliness.DUE_SOON: "amber",
    Timeliness.OVERDUE: "red",
}


def timeliness_of(
    *,
    due_on: dt.date | None,
    done: bool,
    done_on: dt.date | None,
    today: dt.date,
    due_soon_until: dt.date,
) -> Timeliness:
    """`due_on` is the last day still on time; a report that day is on time, the next day late.

    "Due soon": not done and `today <= due_on <= due_soon_until`.
    """
    if done:
        if due_on is not None and done_on is not None and done_on > due_on:
            return Timeliness.DONE_LATE
        return Timeliness.DONE_ON_TIME
    if due_on is None:
        return Timeliness.ON_TRACK
    if today > due_on:
        return Timeliness.OVERDUE
    if due_on <= due_soon_until:
        return Timeliness.DUE_SOON
    return Timeliness.ON_TRACK
