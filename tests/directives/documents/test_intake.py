"""The seam between parser output and the review form: highlighting, matching choices, defaults,
and the one mapping from the reviewed rows to a DocumentInput (the logging form's and the demo's)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from directives.documents.forms import ImportForm
from directives.documents.highlight import highlight_html
from directives.documents.imports import kind_from_name
from directives.documents.intake import (
    Reviewed,
    assignment_rows,
    best_match,
    document_input_from_review,
    is_group,
    recipient_is_tasked,
    review_initial,
)
from tests.files import docx_bytes, docx_with_member, pdf_bytes, png_bytes


def test_highlight_escapes_text_and_nests_marks():
    text = "Báo cáo <trước> ngày 10/11/2023."
    html = highlight_html(text, [("task-0", 0, len(text)), ("deadline-0", 8, 30), ("bad", 5, 999)])
    assert html.startswith('<mark class="src src-task" id="src-task-0"')
    assert "&lt;trước&gt;" in html
    assert html.count("<mark") == html.count("</mark>") == 2
    assert html.index('id="src-deadline-0"') > html.index('id="src-task-0"')


def test_highlight_clips_a_range_crossing_its_enclosing_one():
    html = highlight_html("abcdefghij", [("a", 0, 5), ("b", 3, 8)])
    expected = (
        '<mark class="src src-a" id="src-a" data-field="a">abc'
        '<mark class="src src-b" id="src-b" data-field="b">de</mark></mark>fghij'
    )
    assert html == expected


@pytest.mark.parametrize(
    ("matches", "expected"),
    [
        pytest.param([(1, 100), (2, 93)], 1, id="clear_winner"),
        pytest.param([(1, 92), (2, 91)], None, id="too_close"),
        pytest.param([(1, 85)], None, id="not_confident"),
        pytest.param([], None, id="nothing"),
    ],
)
def test_best_match_only_preselects_a_confident_unambiguous_match(matches, expected):
    assert best_match(matches) == expected


@pytest.mark.parametrize(
    ("recipient", "tasked"),
    [
        ({"name": "Huyện ủy Trảng Bom", "purpose": "để thực hiện", "section": "noi_nhan"}, True),
        ({"name": "Ban Tuyên giáo TW", "purpose": "để báo cáo", "section": "noi_nhan"}, False),
        ({"name": "Lưu VT", "purpose": "lưu", "section": "noi_nhan"}, False),
        ({"name": "Các huyện ủy", "purpose": None, "section": "kinh_gui"}, True),
    ],
)
def test_which_recipients_are_tasked(recipient, tasked):
    assert recipient_is_tasked(recipient) is tasked


def test_a_plural_recipient_is_a_group_not_a_unit():
    assert is_group("Các đảng ủy trực thuộc tỉnh")
    assert not is_group("Đảng ủy Khối các cơ quan tỉnh")


def test_review_initial_matches_and_builds_assignment_rows():
    result = {
        "number": "18-HD/BTGTU",
        "type_code": "HD",
        "issuer": "Ban Tuyên giáo Tỉnh ủy",
        "date": "2023-09-12",
        "references": [
            {"number": "57-KL/TW", "date": "2023-06-15", "issuer": "Bộ Chính trị", "relation": "implements"}
        ],
        "tasks": [{"text": "Báo cáo", "due": "2023-11-09", "kind": "before_date", "requires": "report"}],
        "recipients": [
            {"name": "Huyện ủy A", "purpose": "để thực hiện", "section": "noi_nhan"},
            {"name": "Ban X", "purpose": "để báo cáo", "section": "noi_nhan"},
        ],
    }
    ids = {"Ban Tuyên giáo Tỉnh ủy": 7, "Huyện ủy A": 11, "Ban X": 12, "Bộ Chính trị": 1}

    def match(name):
        return [(ids[name], 100)] if name in ids else []

    initial = review_initial(result, match_issuer=match, match_unit=match, match_any=match)
    assert initial.header["issuer"] == 7
    assert initial.header["issued_on"] == dt.date(2023, 9, 12)
    assert initial.references[0]["issuer"] == 1
    assert [r["assign"] for r in initial.recipients] == [True, False]
    assert initial.assignments == [{"task": 1, "unit": 11, "due_on": dt.date(2023, 11, 9)}]


@dataclass(frozen=True)
class Org:
    pk: int
    name: str


ORGS = {1: Org(1, "Bộ Chính trị"), 7: Org(7, "Ban Tuyên giáo Tỉnh ủy Đồng Nai"), 11: Org(11, "Huyện ủy A")}
COPY = {
    "number": "658-BS/TU",
    "kind": "sao lục",
    "issuer": "Tỉnh ủy Quảng Ngãi",
    "date": "2023-06-26",
    "signer": {"name": "Nguyễn Văn B", "capacity": "T/L BAN THƯỜNG VỤ", "title": "CHÁNH VĂN PHÒNG"},
}


def _match(name):
    ids = {"Ban Tuyên giáo Tỉnh ủy": 7, "Huyện ủy A": 11, "Bộ Chính trị": 1}
    return [(ids[name], 100)] if name in ids else []


def test_the_parsers_rows_map_to_the_document_input_logging_would_use():
    result = {
        "number": "18-HD/BTGTU",
        "type_code": "HD",
        "issuer": "Ban Tuyên giáo Tỉnh ủy",
        "date": "2023-09-12",
        "subject": "Hướng dẫn thực hiện Kết luận 57",
        "signer": {"name": "Trần Văn C", "capacity": "K/T TRƯỞNG BAN", "title": "PHÓ TRƯỞNG BAN"},
        "received": {"number": "538", "date": "2023-06-27"},
        "references": [
            {"number": "57-KL/TW", "date": "2023-06-15", "issuer": "Bộ Chính trị", "relation": "implements"}
        ],
        "tasks": [
            {"text": "Báo cáo", "due": "2023-11-09", "kind": "before_date", "requires": "report"},
            {"text": "Quán triệt", "report_to": "Ban Tuyên giáo Tỉnh ủy"},
        ],
        "recipients": [{"name": "Huyện ủy A", "purpose": "để thực hiện", "section": "noi_nhan"}],
        "copy": COPY,
    }
    reviewed = review_initial(result, match_issuer=_match, match_unit=_match, match_any=_match).reviewed()
    data = document_input_from_review(reviewed, organizations=ORGS, text="…")

    assert (data.number, data.symbol, data.doc_type, data.issuer) == ("18-HD/BTGTU", "HD/BTGTU", "HD", ORGS[7])
    assert (data.issued_on, data.date_precision, data.text) == (dt.date(2023, 9, 12), "day", "…")
    assert [(r.number, r.relation, r.issuer) for r in data.references] == [("57-KL/TW", "implements", ORGS[1])]
    report, briefing = data.tasks
    assert (report.requires, report.due_on, report.deadline_kind) == ("report", dt.date(2023, 11, 9), "before_date")
    assert [(a.unit, a.due_on) for a in report.assignees] == [(ORGS[11], dt.date(2023, 11, 9))]
    assert (briefing.requires, briefing.report_to, briefing.report_to_name) == (
        "action",
        ORGS[7],
        "Ban Tuyên giáo Tỉnh ủy",
    )
    # A certified copy: the received stamp is the copying office's, not the original's.
    assert (data.copy.number, data.copy.kind, data.copy.issuer_name) == ("658-BS/TU", "sao lục", "Tỉnh ủy Quảng Ngãi")
    assert (data.copy.received_number, data.received_number) == ("538", "")


def test_corrected_rows_win_and_task_positions_survive_a_deleted_row():
    reviewed = Reviewed(
        header={"number": "", "symbol": "HD/BTGTU", "doc_type": "HD", "issuer": 7, "issuer_name": ""},
        references=[{"number": " 57-KL/TW ", "relation": "based_on", "issuer": None, "issuer_name": "Bộ Chính trị"}],
        tasks=[(1, {"text": "Báo cáo", "due_on": dt.date(2023, 11, 9)}), (3, {"text": "Tổng kết"})],
        assignments=[
            {"task": 3, "unit": 11, "due_on": None},
            {"task": 3, "unit": 11, "due_on": dt.date(2023, 12, 1)},
            {"task": 2, "unit": 11, "due_on": None},
        ],
    )
    assert reviewed.organization_ids() == {7, 11}
    data = document_input_from_review(reviewed, organizations=ORGS, text="")
    assert (data.number, data.symbol, data.issuer_name) == (None, "HD/BTGTU", "Ban Tuyên giáo Tỉnh ủy Đồng Nai")
    assert [(r.number, r.relation, r.issuer) for r in data.references] == [("57-KL/TW", "based_on", None)]
    assert data.tasks[0].assignees == []
    assert [(a.unit, a.due_on) for a in data.tasks[1].assignees] == [(ORGS[11], None)]


def test_assignment_rows_keep_edited_due_dates():
    rows = assignment_rows(tasks=[(1, dt.date(2023, 10, 31))], unit_ids=[5, 6, 5], keep={(1, 6): dt.date(2023, 10, 1)})
    assert rows == [
        {"task": 1, "unit": 5, "due_on": dt.date(2023, 10, 31)},
        {"task": 1, "unit": 6, "due_on": dt.date(2023, 10, 1)},
    ]


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        pytest.param(
            "a.exe",
            b"MZ",
            "Không nhận tệp “a.exe”: chỉ nhận .doc, .docx, .jpg, .jpeg, .odt, .pdf, .png, .txt.",
            id="extension",
        ),
        pytest.param("a.pdf", docx_bytes(), "có đuôi .pdf nhưng nội dung không phải PDF", id="docx_as_pdf"),
        pytest.param("a.docx", pdf_bytes(), "có đuôi .docx nhưng nội dung không phải Word (.docx)", id="pdf_as_docx"),
        pytest.param("a.txt", png_bytes(), "nội dung không phải văn bản thuần (.txt)", id="png_as_txt"),
        pytest.param("a.pdf", b"%PDF-1.7\n...", "“a.pdf” bị hỏng hoặc không mở được như PDF", id="broken_pdf"),
        pytest.param("a.docx", docx_with_member("../../evil"), "chứa đường dẫn không hợp lệ", id="zip_slip"),
    ],
)
def test_uploads_are_checked_by_content(filename, data, message):
    form = ImportForm(data={}, files={"file": SimpleUploadedFile(filename, data)})
    assert not form.is_valid()
    assert message in form.errors["file"][0]
    assert "__all__" not in form.errors  # the file's own error, not also "paste or choose a file"


def test_an_oversized_upload_is_refused_with_the_limit(settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    form = ImportForm(data={}, files={"file": SimpleUploadedFile("lon.txt", b"a" * (1024 * 1024 + 1))})
    assert form.errors["file"] == ["Tệp “lon.txt” quá lớn: tối đa 1 MB."]


@pytest.mark.parametrize(
    ("filename", "data", "kind"),
    [
        pytest.param("a.pdf", pdf_bytes(), "pdf", id="pdf"),
        pytest.param("a.docx", docx_bytes(), "docx", id="docx"),
        pytest.param("a.txt", "Hướng dẫn".encode(), "txt", id="utf8_text"),
        pytest.param("a.txt", b"Ban Tuy\xean gi\xe1o", "txt", id="windows_1258_text"),
    ],
)
def test_real_documents_pass(filename, data, kind):
    form = ImportForm(data={}, files={"file": SimpleUploadedFile(filename, data)})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["file"].kind == kind


def test_new_units_get_a_kind_from_their_name():
    assert kind_from_name("Chi bộ ấp 3") == "party_cell"
    assert kind_from_name("Công đoàn cơ sở Trường A") == "trade_union"
    assert kind_from_name("Đảng ủy xã Hố Nai 3") == "party_committee"
