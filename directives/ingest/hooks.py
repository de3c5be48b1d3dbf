"""Where the other ingestion steps plug in. Each is one named function, called once by `ingest`.

They are written in their own modules by other changes; until then each is the identity (or
"nothing found"), so `ingest` already calls them at the right point and in the right order.
"""

from __future__ import annotations

from pathlib import Path

from directives.ingest.signatures import PdfSignature, read_signatures


def read_pdf_signatures(data: bytes, *, trust_roots: str | Path | None = None) -> tuple[PdfSignature, ...]:
    """The PDF's embedded digital signatures (signer, time, integrity, chain); see `signatures`."""
    return read_signatures(data, trust_roots=trust_roots)


def convert_office_document(data: bytes, filename: str) -> tuple[bytes, str] | None:
    """A .doc/.odt converted to something `extract_text` reads, with its new name; None if not one."""
    return None


def convert_legacy_encoding(text: str) -> tuple[str, str | None]:
    """TCVN3/VNI text turned into Unicode, and a note saying so; unchanged text and None for now."""
    return text, None
