"""CSV and XLSX files of the dashboard's tables: the same columns as the screen, dates dd/mm/yyyy.

Every text cell is inert (OWASP "CSV injection"): names typed by anyone — a unit created on the spot
may be called `=HYPERLINK(…)` — reach leaders' spreadsheets. In CSV a text starting with
`= + - @ TAB CR` gets a leading `'`; in XLSX text is written as a typed string cell (never a
formula, and with Excel's quote prefix when it looks like one), numbers and dates as their types.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from reports.dashboard.selectors.backlog import BacklogRow
from reports.dashboard.selectors.overdue import OverdueRow

XLSX_MAX_ROWS = 100_000

OVERDUE_HEADER = (
    "STT",
    "Đơn vị",
    "Đơn vị cấp trên",
    "Cấp",
    "Văn bản",
    "Nhiệm vụ",
    "Hạn",
    "Số ngày quá hạn",
    "Tình trạng",
    "Đã nhắc (lần)",
    "Báo cáo cấp trên (lần)",
    "Người liên hệ",
    "Thư điện tử",
    "Điện thoại",
)
BACKLOG_HEADER = (
    "Hạng",
    "Đơn vị",
    "Đơn vị cấp trên",
    "Cấp",
    "Số việc quá hạn",
    "Tổng số ngày quá hạn",
    "Quá hạn lâu nhất (ngày)",
    "Hoàn thành quá hạn",
    "Người liên hệ",
    "Thư điện tử",
    "Điện thoại",
)


# What spreadsheet programs read as the start of a formula (OWASP, "CSV Injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD/MM/YYYY"


def inert_text(value: str) -> str:
    """The text as typed, with a leading `'` when a spreadsheet would take it for a formula."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, bool | int | float):
        return value
    return inert_text(str(value))


def overdue_record(index: int, row: OverdueRow) -> list[object]:
    return [
        index,
        row.unit.name,
        row.parent_name,
        row.unit.level_short,
        row.document.label,
        f"{row.task_ordinal}. {row.task_text}",
        row.due_on,
        row.days_overdue,
        row.timeliness.label,
        row.reminders,
        row.escalations,
        row.contact_label,
        row.contact_email,
        row.unit.phone,
    ]


def backlog_record(row: BacklogRow) -> list[object]:
    return [
        row.rank,
        row.unit.name,
        row.parent_name,
        row.unit.level_short,
        row.overdue,
        row.overdue_days,
        row.longest_days,
        row.done_late,
        row.contact.name if row.contact else "",
        (row.contact.email if row.contact else "") or row.unit.email,
        row.unit.phone,
    ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(header: Sequence[str], records: Iterable[Sequence[object]]) -> Iterator[str]:
    """Streamed CSV with a UTF-8 byte-order mark, so Excel shows Vietnamese correctly."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([_csv_cell(h) for h in header])
    for record in records:
        yield writer.writerow([_csv_cell(value) for value in record])


def xlsx_bytes(*, title: str, subtitle: str, header: Sequence[str], records: Iterable[Sequence[object]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A4"
    widths = {0: 6, 1: 42, 2: 34, 3: 16, 4: 18, 5: 60}
    for index in range(len(header)):
        sheet.column_dimensions[chr(ord("A") + index)].width = widths.get(index, 16)

    def cell(value: object, **style: object) -> WriteOnlyCell:
        if value is None or isinstance(value, bool | int | float | dt.date):
            c = WriteOnlyCell(sheet, value=value)
            if isinstance(value, dt.date):
                c.number_format = DATE_FORMAT
        else:
            text = str(value)
            c = WriteOnlyCell(sheet, value=None)
            c.value = text  # openpyxl would make a "=…" string a formula:
            c.data_type = "s"  # always a string cell,
            if text.startswith(FORMULA_PREFIXES):
                c.quotePrefix = True  # and Excel keeps it text when the cell is edited.
        for name, v in style.items():
            setattr(c, name, v)
        return c

    sheet.append([cell(title, font=Font(bold=True, size=13))])
    sheet.append([cell(subtitle, font=Font(italic=True, color="555555"))])
    fill = PatternFill("solid", fgColor="9B1C1C")
    sheet.append(
        [cell(h, font=Font(bold=True, color="FFFFFF"), fill=fill, alignment=Alignment(wrap_text=True)) for h in header]
    )
    for record in records:
        sheet.append([cell(value) for value in record])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_response(
    fmt: str,
    *,
    filename: str,
    header: Sequence[str],
    records: Iterable[Sequence[object]],
    title: str,
    subtitle: str,
) -> HttpResponse | StreamingHttpResponse:
    """The download of a table: streamed CSV (`fmt == "csv"`) or an XLSX with a title row."""
    response: HttpResponse | StreamingHttpResponse
    if fmt == "csv":
        response = StreamingHttpResponse(csv_lines(header, records), content_type="text/csv; charset=utf-8")
    else:
        content = xlsx_bytes(title=title, subtitle=subtitle, header=header, records=records)
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{"csv" if fmt == "csv" else "xlsx"}"'
    return response
