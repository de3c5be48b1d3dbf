"""Reading uploads: scans and photos by OCR (with confidences, page images, a searchable PDF),
text-layer PDFs and the other kinds through the text extractor."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from directives.ingest import OcrWord, align_words, ingest, low_confidence_labels
from directives.ingest.dispatch import Ingested, text_layer_is_usable
from directives.parsing.extract import ExtractionError
from tests.directives.ingest.scans import photo_jpeg, scanned_pdf
from tests.directives.parsing.test_extract import make_pdf

CORPUS = Path(__file__).parent / "corpus"
# The text a digital-signature stamp adds to a scan (corpus 101.pdf, as pdftotext reads it).
STAMP = "Người ký: Ủy ban\nnhân dân tỉnh Quảng\nNgãi\nCơ quan: Tỉnh Quảng\nNgãi\nThời gian ký:\n16.04.2020 07:37:07"


@pytest.fixture(scope="module")
def scan() -> tuple[Ingested, list[tuple[int, int]]]:
    calls: list[tuple[int, int]] = []
    return ingest(scanned_pdf(), "chi-thi.pdf", on_page=lambda done, total: calls.append((done, total))), calls


@pytest.mark.slow
def test_a_scanned_pdf_is_read_by_ocr(scan: tuple[Ingested, list[tuple[int, int]]]) -> None:
    result, _calls = scan
    assert result.kind == "pdf-ocr"
    assert result.is_ocr
    assert result.pages == 1
    lines = result.text.splitlines()
    assert "Số: 12/CT-UBND" in lines
    assert "Quảng Ngãi, ngày 15 tháng 4 năm 2020" in lines
    assert "Trần Ngọc Căng" in lines
    assert "nhận dạng chữ (OCR), 1 trang" in result.notes[0]


@pytest.mark.slow
def test_each_ocr_word_has_its_confidence_and_place_in_the_text(scan: tuple[Ingested, list[tuple[int, int]]]) -> None:
    result, _calls = scan
    assert len(result.words) > 50
    for word in result.words:
        assert result.text[word.start : word.end] == word.text
        assert 0 <= word.conf <= 100
        assert word.page == 1
    number = next(w for w in result.words if w.text == "12/CT-UBND")
    assert number.conf > 70  # crisp print is read with confidence


@pytest.mark.slow
def test_the_scan_gets_a_searchable_pdf_and_a_page_image(scan: tuple[Ingested, list[tuple[int, int]]]) -> None:
    result, _calls = scan
    assert result.searchable_pdf is not None
    layer = PdfReader(io.BytesIO(result.searchable_pdf)).pages[0].extract_text()
    assert "2545/QĐ-TTg" in layer
    (preview,) = result.page_images
    with Image.open(io.BytesIO(preview)) as image:
        assert image.format == "JPEG"
        assert image.width <= 1240


@pytest.mark.slow
def test_progress_is_reported_before_and_after_each_page(scan: tuple[Ingested, list[tuple[int, int]]]) -> None:
    _result, calls = scan
    assert calls == [(0, 1), (1, 1)]


@pytest.mark.slow
def test_a_page_scanned_sideways_is_turned_upright() -> None:
    result = ingest(scanned_pdf(rotate=90), "nghieng.pdf")
    assert "Số: 12/CT-UBND" in result.text.splitlines()
    assert any("xoay 90°" in note for note in result.notes)
    with Image.open(io.BytesIO(result.page_images[0])) as image:
        assert image.width > image.height  # shown upright: the half page is wider than tall


@pytest.mark.slow
def test_a_blank_scan_reads_no_text_but_keeps_its_page_image() -> None:
    result = ingest(scanned_pdf(blank=True), "trang-trang.pdf")
    assert result.kind == "pdf-ocr"
    assert result.words == ()
    assert result.text.strip() == ""
    assert len(result.page_images) == 1
    assert "không đọc được chữ trên ảnh trang" in result.notes[0]


@pytest.mark.slow
def test_a_phone_photo_is_read_like_a_scan() -> None:
    result = ingest(photo_jpeg(), "anh-chup.jpg")
    assert result.kind == "image-ocr"
    assert "Số: 12/CT-UBND" in result.text.splitlines()
    assert len(result.page_images) == 1


def test_a_pdf_with_a_real_text_layer_is_not_ocrd() -> None:
    body = "".join(f"<p>Thực hiện nhiệm vụ số {i} của các cơ quan, đơn vị trong tỉnh.</p>" for i in range(12))
    result = ingest(make_pdf(f"<html><body><p>KẾ HOẠCH</p><p>Số 45-KH/TU</p>{body}</body></html>"), "kh.pdf")
    assert result.kind == "pdf"
    assert "Số 45-KH/TU" in result.text
    assert result.words == ()
    assert result.page_images == ()
    assert result.searchable_pdf is None


def test_a_signature_stamp_alone_is_not_a_usable_text_layer() -> None:
    assert not text_layer_is_usable(STAMP, 2)
    assert not text_layer_is_usable("", 1)
    assert not text_layer_is_usable("¸ µ ñ ® ¬ " * 200, 1)  # TCVN3 bytes read as Latin-1: not words
    assert text_layer_is_usable("các cơ quan đơn vị trong tỉnh thực hiện " * 10, 1)


def test_the_corpus_scan_is_judged_to_need_ocr() -> None:
    data = (CORPUS / "101.pdf").read_bytes()
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    assert not text_layer_is_usable(text, 2)


def test_text_and_word_files_go_through_the_text_extractor() -> None:
    result = ingest("Số: 12/CT-UBND\nVề việc thử".encode(), "a.txt")
    assert (result.kind, result.text, result.words) == ("txt", "Số: 12/CT-UBND\nVề việc thử", ())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"\xff\xd8\xff\xe0 not really a jpeg", "bị hỏng", id="broken_photo"),
        pytest.param(b"%PDF-1.7\n garbage", "bị hỏng", id="broken_pdf"),
    ],
)
def test_a_broken_file_is_refused_in_vietnamese(data: bytes, message: str) -> None:
    with pytest.raises(ExtractionError, match=message):
        ingest(data, "hong")


def _word(text: str, conf: float, start: int) -> OcrWord:
    return OcrWord(text=text, conf=conf, page=1, start=start, end=start + len(text))


def test_words_are_carried_over_to_the_parsers_normalised_text() -> None:
    words = [_word("Số:", 96, 0), _word("12/CT-UBND", 40, 4), _word("Căng", 90, 20)]
    normalised = "Số: 12/CT-UBND Trần Ngọc Căng"
    aligned = align_words(words, normalised)
    assert [normalised[w.start : w.end] for w in aligned] == ["Số:", "12/CT-UBND", "Căng"]


def test_a_field_is_marked_when_its_source_words_were_read_unsure() -> None:
    words = [[0, 3, 96, 1], [4, 14, 40, 1], [15, 19, 95, 1], [20, 24, 91, 1]]
    spans = [["number", 0, 14], ["signer", 15, 24], ["subject", 30, 40]]
    assert low_confidence_labels(spans, words) == {"number"}
    # A long paragraph is not marked for one smudged word among many.
    many = [[i * 5, i * 5 + 4, 90 if i else 30, 1] for i in range(40)]
    assert low_confidence_labels([["task-0", 0, 200]], many) == set()
