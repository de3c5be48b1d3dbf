"""Page images: PDF pages rendered with pypdfium2, photos opened with Pillow.

pypdfium2 renders in-process; poppler's pdftoppm was measured too (101.pdf, 300 dpi, a loaded
2-core machine): 0.5 s/page for pypdfium2 against 0.7 s for pdftoppm writing PGM and ~50 s when
pdftoppm writes PNG (its zlib level), plus a temporary file per page. See docs/logging.md.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from PIL import Image, ImageOps

from directives.parsing.extract import ExtractionError

OCR_DPI = 300
# The review page shows pages this wide at most (150 dpi for A4): a handwritten number stays legible.
PREVIEW_WIDTH = 1240
# A phone photo of 48 MP is read at ~12 MP: more pixels cost OCR time and give no better text.
MAX_OCR_PIXELS = 12_000_000


def pdf_pages(data: bytes, filename: str, *, dpi: int = OCR_DPI) -> Iterator[Image.Image]:
    """Each page as a grayscale image at `dpi`, one at a time (a page at 300 dpi is ~9 MB)."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ExtractionError(f"Tệp PDF {filename!r} bị hỏng, không đọc được.") from exc
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                # pdfium applies the page's /Rotate; OSD corrects what the scanner got wrong.
                image = page.render(scale=dpi / 72, grayscale=True).to_pil()
            finally:
                page.close()
            image.info["dpi"] = (dpi, dpi)
            yield image
    finally:
        document.close()


def photo(data: bytes, filename: str) -> Image.Image:
    """A JPEG/PNG photo upright as the phone saw it (EXIF orientation), grayscale, bounded size."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            image = ImageOps.exif_transpose(opened) or opened
            dpi = opened.info.get("dpi")
    except Image.DecompressionBombError as exc:
        raise ExtractionError(f"Ảnh {filename!r} quá lớn.") from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise ExtractionError(f"Ảnh {filename!r} bị hỏng, không đọc được.") from exc
    image = image.convert("L")
    pixels = image.width * image.height
    if pixels > MAX_OCR_PIXELS:
        factor = (MAX_OCR_PIXELS / pixels) ** 0.5
        image = image.resize((int(image.width * factor), int(image.height * factor)), Image.Resampling.LANCZOS)
        dpi = None
    # Phones write 72 dpi (or nothing); Tesseract then misjudges text size, so assume a page photo.
    image.info["dpi"] = dpi if dpi and min(dpi) >= 150 else (OCR_DPI, OCR_DPI)
    return image


def preview_jpeg(image: Image.Image) -> bytes:
    """The page as the review page shows it: JPEG, at most PREVIEW_WIDTH wide."""
    shown = image
    if image.width > PREVIEW_WIDTH:
        height = round(image.height * PREVIEW_WIDTH / image.width)
        shown = image.resize((PREVIEW_WIDTH, height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    shown.convert("L").save(buffer, "JPEG", quality=70, optimize=True)
    return buffer.getvalue()
