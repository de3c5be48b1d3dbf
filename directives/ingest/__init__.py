"""Reading what was uploaded: text layers, and OCR of scans and photos. Pure: no Django.

bytes in, frozen dataclasses out. `ingest(data, filename, on_page=…)` picks the path by content:

- .doc (antiword) and .odt (content.xml) → text first (`office`); TCVN3/VNI text — a .txt, a .doc,
  a .docx run in a `.VnTime`/`VNI-Times` font — converted to Unicode (`legacy`), with a note;
- .txt / .docx / a PDF with a real text layer → `directives.parsing.extract.extract_text`;
- a scanned PDF (no text layer, or one holding only a signature stamp's few words) and a JPEG/PNG
  photo → page images (pypdfium2) → orientation (Tesseract OSD) → one Tesseract pass per page
  giving the words with their confidence (TSV) and a searchable PDF page, merged with pypdf.

Imports: `directives.parsing` (its extractor and error type), Pillow, pypdfium2, pypdf, and the
`tesseract` and `antiword` binaries through subprocess. Never Django, never `directives.documents`.
"""

from __future__ import annotations

from directives.ingest.dispatch import Ingested, ingest
from directives.ingest.words import OcrWord, align_words, low_confidence_labels

__all__ = ["Ingested", "OcrWord", "align_words", "ingest", "low_confidence_labels"]
