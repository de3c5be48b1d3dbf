"""One guidance document as .docx, .doc, .odt, TCVN3/VNI .txt and legacy-font .docx/.doc: same fields."""

from __future__ import annotations

import dataclasses
import shutil

import pytest

from directives.ingest import ingest
from directives.ingest.office import untable
from directives.parsing import parse_document
from directives.parsing.extract import ExtractionError
from tests.directives.ingest import formats

needs_antiword = pytest.mark.skipif(shutil.which("antiword") is None, reason="antiword is not installed")
TCVN3_NOTE = "Văn bản được chuyển từ mã TCVN3 (ABC) sang Unicode"
VNI_NOTE = "Văn bản được chuyển từ mã VNI sang Unicode"


def _fields(text: str) -> dict[str, object]:
    parsed = dataclasses.asdict(parse_document(text))
    return {k: v for k, v in parsed.items() if k not in ("text", "spans", "warnings")}


@pytest.fixture(scope="module")
def expected() -> dict[str, object]:
    fields = _fields(ingest(formats.docx_file(), "huong-dan.docx").text)
    # The .docx itself reads right: the comparison below is against a good answer.
    assert fields["number"] == "215/UBND-VX"
    assert str(fields["date"]) == "2024-03-12"
    assert fields["subject"] == "V/v tăng cường công tác phòng, chống dịch bệnh mùa mưa"
    assert fields["signer"]["name"] == "Nguyễn Văn Hùng"  # type: ignore[index]
    assert [str(t["due"]) for t in fields["tasks"]] == ["2024-04-29"]  # type: ignore[union-attr,index]
    return fields


@pytest.mark.parametrize(
    ("name", "build", "kind", "note"),
    [
        pytest.param("huong-dan.doc", formats.doc_file, "doc", None, marks=needs_antiword, id="doc"),
        pytest.param("huong-dan.odt", formats.odt_file, "odt", None, id="odt"),
        pytest.param("huong-dan.txt", formats.tcvn3_txt, "txt", TCVN3_NOTE, id="tcvn3_txt"),
        pytest.param("huong-dan.txt", formats.vni_txt, "txt", VNI_NOTE, id="vni_txt"),
        pytest.param(
            "huong-dan.doc", formats.doc_tcvn3_file, "doc", TCVN3_NOTE, marks=needs_antiword, id="doc_in_vntime"
        ),
        pytest.param(
            "huong-dan.docx",
            lambda: formats.docx_file(font=".VnTime", encoding="TCVN3"),
            "docx",
            TCVN3_NOTE,
            id="docx_in_vntime",
        ),
        pytest.param(
            "huong-dan.docx",
            lambda: formats.docx_file(font="VNI-Times", encoding="VNI"),
            "docx",
            VNI_NOTE,
            id="docx_in_vni_times",
        ),
    ],
)
def test_every_form_parses_to_the_same_fields_as_the_docx(name, build, kind, note, expected) -> None:
    result = ingest(build(), name)
    assert result.kind == kind
    assert _fields(result.text) == expected
    if note:
        assert len(result.notes) == 1
        assert result.notes[0].startswith(note)
    else:
        assert result.notes == ()


def test_a_unicode_docx_and_text_get_no_conversion_note() -> None:
    assert ingest(formats.docx_file(), "a.docx").notes == ()
    assert ingest(formats.text().encode("utf-8"), "a.txt").notes == ()


def test_a_utf8_text_pasted_from_a_vntime_document_is_converted() -> None:
    legacy = formats.tcvn3_txt().decode("cp1252").encode("utf-8")
    result = ingest(legacy, "chep-tu-word.txt")
    assert result.text.splitlines() == formats.lines()
    assert result.notes[0].startswith(TCVN3_NOTE)


def test_a_vntimeh_run_reads_as_capitals() -> None:
    data = formats.docx_file(font=".VnTimeH", encoding="TCVN3")
    text = ingest(data, "a.docx").text
    assert "QUẢNG NGÃI" in text
    assert "NGUYỄN VĂN HÙNG" in text


def test_odt_keeps_line_breaks_spaces_and_lists_in_order() -> None:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        "<office:body><office:text>"
        "<text:h>HƯỚNG DẪN</text:h>"
        "<text:p>Số:<text:s text:c='3'/>88<text:line-break/>/CĐ-TG<text:note><text:note-body>"
        "<text:p>chú thích</text:p></text:note-body></text:note></text:p>"
        "<text:list><text:list-item><text:p>- <text:span>Như</text:span> trên;</text:p></text:list-item>"
        "<text:list-item><text:p>- Lưu: VT.</text:p></text:list-item></text:list>"
        "</office:text></office:body></office:document-content>"
    )
    assert ingest(formats.odt_archive(content), "a.odt").text == "HƯỚNG DẪN\nSố:   88\n/CĐ-TG\n- Như trên;\n- Lưu: VT."


def test_odt_entities_are_not_expanded() -> None:
    content = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "AAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        "<office:body><office:text><text:p>x&b;y</text:p></office:text></office:body></office:document-content>"
    )
    assert "AAAA" not in ingest(formats.odt_archive(content), "a.odt").text


@needs_antiword
def test_a_damaged_doc_is_refused_in_vietnamese() -> None:
    damaged = formats.doc_file()[:4096]
    with pytest.raises(ExtractionError, match="Không đọc được tệp Word"):
        ingest(damaged, "hong.doc")


def test_antiword_tables_read_column_by_column_when_two_wide() -> None:
    text = "|UBND HUYỆN   |CỘNG HÒA   |\n|Số: 5/UBND   |Độc lập    |\n\nNội dung\n|1 |Việc |Xã |\n"
    assert untable(text).splitlines() == [
        "UBND HUYỆN",
        "Số: 5/UBND",
        "CỘNG HÒA",
        "Độc lập",
        "",
        "Nội dung",
        "1",
        "Việc",
        "Xã",
    ]
