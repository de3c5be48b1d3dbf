"""Where the other ingestion steps plug in. Each is one named function, called once by `ingest`.

They are written in their own modules by other changes; until then each is the identity (or
"nothing found"), so `ingest` already calls them at the right point and in the right order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from directives.ingest.office import Converted


def read_pdf_signatures(data: bytes) -> tuple[object, ...]:
    """The PDF's embedded digital signatures (signer, time, integrity). Not read yet: none."""
    return ()


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
