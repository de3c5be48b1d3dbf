from __future__ import annotations

from reports.completion.changes import Piece, diff_words, report_changes


def test_word_diff_marks_what_was_added_and_removed():
    pieces = diff_words("Đã tổ chức 3 hội nghị.", "Đã tổ chức 5 hội nghị trực tuyến.")
    assert Piece("del", "3 ") in pieces
    assert Piece("ins", "5 ") in pieces
    assert Piece("ins", "nghị trực tuyến.") in pieces
    assert "".join(p.text for p in pieces if p.op != "del") == "Đã tổ chức 5 hội nghị trực tuyến."


def test_report_changes_lists_only_changed_fields_with_files_by_hash():
    changes = report_changes(
        before={"results": "A", "deployment": "B", "sessions_held": 3},
        after={"results": "A", "deployment": "B mới", "sessions_held": 4},
        text_fields=[("results", "Kết quả"), ("deployment", "Triển khai")],
        value_fields=[("sessions_held", "Số hội nghị")],
        files_before={"h1": "cu.pdf", "h2": "giu.pdf"},
        files_after={"h2": "giu.pdf", "h3": "moi.pdf"},
    )
    assert [c.name for c in changes] == ["deployment", "sessions_held", "attachments"]
    assert (changes[1].before, changes[1].after) == (3, 4)
    assert (changes[2].added, changes[2].removed) == (("moi.pdf",), ("cu.pdf",))
