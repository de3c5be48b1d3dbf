from __future__ import annotations

import datetime as dt

from directives.notifications.ics import CalendarEvent, escape_text, fold, render_calendar


def test_text_is_escaped():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_long_lines_fold_at_75_octets_without_splitting_vietnamese_letters():
    line = "SUMMARY:" + "Tổ chức quán triệt, triển khai thực hiện Kết luận " * 4
    folded = fold(line).split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in folded)
    assert all(part.startswith(" ") for part in folded[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(folded)) == line


def test_an_all_day_event_ends_the_next_day():
    event = CalendarEvent(
        uid="assignment-1@cascade",
        day=dt.date(2023, 11, 15),
        summary="Hạn: báo cáo",
        description="Huyện ủy Trảng Bom",
        url="https://cascade.example.vn/thong-bao/",
        stamp=dt.datetime(2023, 11, 1, 3, 0, tzinfo=dt.UTC),
    )
    body = render_calendar(name="Cascade", events=[event])
    assert "DTSTART;VALUE=DATE:20231115\r\nDTEND;VALUE=DATE:20231116\r\n" in body
    assert "DTSTAMP:20231101T030000Z\r\n" in body
    assert body.count("BEGIN:VEVENT") == body.count("END:VEVENT") == 1
    assert body.endswith("END:VCALENDAR\r\n")
