"""`ingest`: any accepted upload → its text, and for scans the OCR words, page images and a searchable PDF."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from directives.ingest import hooks
from directives.ingest.ocr import PageResult, ocr_page
from directives.ingest.pages import OCR_DPI, pdf_pages, photo, preview_jpeg
from directives.ingest.signatures import PdfSignature
from directives.ingest.words import LOW_CONFIDENCE, OcrWord
from directives.parsing.extract import MAX_INPUT_BYTES, MAX_PDF_PAGES, ExtractionError, extract_text

__all__ = ["Ingested", "Kind", "PageCallback", "ingest", "text_layer_is_usable"]

# (pages done, pages in all); called before the first page and after each one.
PageCallback = Callable[[int, int], None]

# A scan is OCR'd page by page at ~5–15 s a page on a small server: past this, ask for a split.
MAX_OCR_PAGES = 100
# A real page of a document has a few hundred words; a signature stamp's text layer has ~20.
MIN_WORDS_PER_PAGE = 40
# Fewer OCR'd words than this on all pages together: the scan could not be read.
MIN_READABLE_WORDS = 8

_VIET_LETTERS = (
    "a-zA-Z"
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
)
# A Vietnamese syllable: 1–7 letters of the Vietnamese alphabet, nothing else.
_VIET_WORD = re.compile(rf"(?<![^\s.,;:()\"'“”-])[{_VIET_LETTERS}]{{1,7}}(?![^\s.,;:()\"'“”-])")


class Kind:
    TEXT = "txt"
    DOCX = "docx"
    DOC = "doc"  # Word 97–2003, read by antiword
    ODT = "odt"
    PDF = "pdf"  # a PDF read from its text layer
    PDF_OCR = "pdf-ocr"  # a scanned PDF, read by OCR
    IMAGE_OCR = "image-ocr"  # a photo or a scanned image, read by OCR


@dataclass(frozen=True, slots=True)
class Ingested:
    """What was read from one upload.

    `words` (OCR only) index `text`; `page_images` are JPEG previews of the OCR'd pages, in order;
    `searchable_pdf` is the scan with an invisible text layer added; `notes` are Vietnamese, for
    the review page.
    """

    text: str
    kind: str
    pages: int = 1
    words: tuple[OcrWord, ...] = ()
    searchable_pdf: bytes | None = None
    page_images: tuple[bytes, ...] = ()
    notes: tuple[str, ...] = ()
    signatures: tuple[PdfSignature, ...] = field(default=())

    @property
    def is_ocr(self) -> bool:
        return self.kind in (Kind.PDF_OCR, Kind.IMAGE_OCR)


def ingest(
    data: bytes,
    filename: str,
    *,
    on_page: PageCallback | None = None,
    dpi: int = OCR_DPI,
    trust_roots: str | Path | None = None,
) -> Ingested:
    """Read an upload of any accepted kind; raises ExtractionError (Vietnamese) when it cannot.

    `dpi` is the resolution PDF pages are rendered at for OCR (300 suits 10–14 pt print);
    `trust_roots` the CA certificates a PDF's signatures are checked against (None: unchecked).
    """
    if len(data) > MAX_INPUT_BYTES:
        raise ExtractionError(f"Tệp {filename!r} quá lớn (tối đa 50 MB).")
    if data.startswith(b"%PDF"):
        return _pdf(data, filename, on_page, dpi, trust_roots)
    if data.startswith((b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")):
        return _ocr(iter([photo(data, filename)]), 1, kind=Kind.IMAGE_OCR, on_page=on_page)
    kind = Kind.DOCX if data.startswith(b"PK\x03\x04") else Kind.TEXT
    notes: list[str] = []
    converted = hooks.convert_office_document(data, filename)
    if converted is not None:
        data, filename, kind = converted.data, converted.filename, converted.kind
        notes += [converted.note] if converted.note else []
    text = extract_text(data, filename)
    text, converted_note = hooks.convert_legacy_encoding(text)
    notes += [converted_note] if converted_note else []
    return Ingested(text=text, kind=kind, notes=tuple(notes))


def _pdf(
    data: bytes, filename: str, on_page: PageCallback | None, dpi: int, trust_roots: str | Path | None
) -> Ingested:
    signatures = hooks.read_pdf_signatures(data, trust_roots=trust_roots)
    pages, layer = _text_layer(data, filename)
    if text_layer_is_usable(layer, pages):
        return Ingested(text=extract_text(data, filename), kind=Kind.PDF, pages=pages, signatures=signatures)
    if pages > MAX_OCR_PAGES:
        raise ExtractionError(
            f"Bản quét {filename!r} có {pages} trang; mỗi lần chỉ nhận dạng tối đa {MAX_OCR_PAGES} trang."
        )
    note = "Lớp chữ của tệp PDF chỉ có vài chữ (thường là dấu chữ ký số) nên văn bản được đọc lại từ ảnh trang."
    scanned = _ocr(pdf_pages(data, filename, dpi=dpi), pages, kind=Kind.PDF_OCR, on_page=on_page)
    notes = ((note,) if layer.strip() else ()) + scanned.notes
    return Ingested(
        text=scanned.text,
        kind=scanned.kind,
        pages=scanned.pages,
        words=scanned.words,
        searchable_pdf=scanned.searchable_pdf,
        page_images=scanned.page_images,
        notes=notes,
        signatures=signatures,
    )


def _text_layer(data: bytes, filename: str) -> tuple[int, str]:
    """(page count, the text layer as pypdf reads it) — to judge whether the layer is worth reading."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ExtractionError(f"Tệp PDF {filename!r} được mã hóa; hãy gửi bản không đặt mật khẩu.")
        pages = len(reader.pages)
        if pages > MAX_PDF_PAGES:
            raise ExtractionError(f"Tệp PDF {filename!r} quá nhiều trang (tối đa {MAX_PDF_PAGES}).")
        return pages, "\n".join(page.extract_text() or "" for page in reader.pages)
    except ExtractionError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ExtractionError(f"Tệp PDF {filename!r} bị hỏng, không đọc được.") from exc


def text_layer_is_usable(text: str, pages: int) -> bool:
    """Enough Vietnamese words per page that the layer is the document, not a stamp or garbage."""
    words = len(_VIET_WORD.findall(unicodedata.normalize("NFC", text)))
    return words >= MIN_WORDS_PER_PAGE * max(pages, 1)


def _ocr(images: Iterator[Image.Image], total: int, *, kind: str, on_page: PageCallback | None) -> Ingested:
    from pypdf import PdfReader, PdfWriter

    if on_page:
        on_page(0, total)
    writer = PdfWriter()
    previews: list[bytes] = []
    results: list[PageResult] = []
    notes: list[str] = []
    for number, image in enumerate(images, start=1):
        result, upright = ocr_page(image, page=number)
        results.append(result)
        previews.append(preview_jpeg(upright))
        for page in PdfReader(io.BytesIO(result.pdf)).pages:
            writer.add_page(page)
        if result.rotated:
            notes.append(f"Trang {number} bị xoay {result.rotated}° khi quét; máy đã xoay lại cho thẳng.")
        if on_page:
            on_page(number, total)
    text, words = assemble(results)
    buffer = io.BytesIO()
    writer.write(buffer)
    notes.insert(0, _summary(words, len(results)))
    return Ingested(
        text=text,
        kind=kind,
        pages=len(results),
        words=words,
        searchable_pdf=buffer.getvalue(),
        page_images=tuple(previews),
        notes=tuple(notes),
    )


def _summary(words: tuple[OcrWord, ...], pages: int) -> str:
    if len(words) < MIN_READABLE_WORDS:
        return (
            "Máy không đọc được chữ trên ảnh trang (trang trắng, ảnh mờ hoặc chữ viết tay); "
            "hãy nhập các trường theo ảnh trang bên cạnh."
        )
    unsure = sum(1 for w in words if w.conf < LOW_CONFIDENCE)
    return (
        f"Văn bản được đọc từ ảnh quét bằng nhận dạng chữ (OCR), {pages} trang, {len(words)} chữ"
        f" ({unsure} chữ đọc chưa chắc chắn); hãy đối chiếu các trường với ảnh trang."
    )


def assemble(pages: Iterable[PageResult]) -> tuple[str, tuple[OcrWord, ...]]:
    """The text as a reader sees it (a line per OCR line), with each word's offsets in it."""
    parts: list[str] = []
    words: list[OcrWord] = []
    length = 0
    for number, page in enumerate(pages, start=1):
        line_key: tuple[int, int, int] | None = None
        for word in page.words:
            key = (word.block, word.paragraph, word.line)
            if parts:
                separator = " " if key == line_key else "\n"
                parts.append(separator)
                length += len(separator)
            line_key = key
            start = length
            parts.append(word.text)
            length += len(word.text)
            words.append(OcrWord(text=word.text, conf=word.conf, page=number, start=start, end=length))
        if page.words and parts:
            parts.append("\n")
            length += 1
            line_key = None
    return "".join(parts).rstrip("\n"), tuple(words)
