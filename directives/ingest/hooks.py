"""Where the other ingestion steps plug in. Each is one named function, called once by `ingest`.

Each delegates to its own module: `signatures` (pyHanko), `office` (.doc via antiword, .odt,
legacy-font .docx) and `legacy` (TCVN3/VNI detection and conversion).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from directives.ingest.office import Converted


from directives.ingest.signatures import PdfSignature, read_signatures


def read_pdf_signatures(data: bytes, *, trust_roots: str | Path | None = None) -> tuple[PdfSignature, ...]:
    """The PDF's embedded digital signatures (signer, time, integrity, chain); see `signatures`."""
    return read_signatures(data, trust_roots=trust_roots)


def convert_office_document(data: bytes, filename: str) -> Converted | None:
    """A .doc/.odt (or a .docx/.txt in a TCVN3/VNI font or bytes) as text `extract_text` reads; else None."""
    from directives.ingest.office import convert

    return convert(data, filename)


def convert_legacy_encoding(text: str) -> tuple[str, str | None]:
    """TCVN3/VNI text turned into Unicode NFC, and a note saying so; other text unchanged, and None."""
    from directives.ingest import legacy

    encoding = legacy.detect(text)
    if encoding is None:
        return text, None
    return legacy.to_unicode(text, encoding), legacy.note(encoding)
