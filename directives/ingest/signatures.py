"""Embedded digital signatures of a PDF, read with pyHanko: who signed, when, and whether it still holds.

For each signature: the signer from the certificate subject (CN, O), the signing time (a timestamp
token's time when there is one, else the time the signer's software wrote), whether the signed
bytes are intact (the digest of the covered byte range matches the one that was signed, and the
signature over it verifies), whether it covers the whole file or only a revision followed by
changes, and the certificate chain: "valid" only when it builds to one of `trust_roots`, the CA
certificates the deployment configures; with none, the chain is "unchecked", never "valid".

Nothing is fetched from the network (no OCSP/CRL/AIA fetching): the check runs offline.
Pure: no Django; `trust_roots` comes in as an argument (a PEM/DER file or a folder of them).
"""

from __future__ import annotations

import io
import logging
from dataclasses import asdict, dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["Chain", "PdfSignature", "load_trust_roots", "read_signatures"]

logger = logging.getLogger(__name__)

# A folder of trust roots: these suffixes are read, anything else is skipped.
_CERT_SUFFIXES = (".pem", ".crt", ".cer", ".der")


class Chain:
    VALID = "valid"  # builds to a configured trust root
    INVALID = "invalid"  # roots configured, but no valid path to one of them
    UNCHECKED = "unchecked"  # no trust roots configured


@dataclass(frozen=True, slots=True)
class PdfSignature:
    """One embedded signature.

    `intact`: the signed bytes were not changed. `whole_file`: the signature covers the file to its
    end; when it does not, `later_changes_allowed` says whether what was added after it (more
    signatures, form filling) is the kind of change signing allows. `error` (Vietnamese) is set
    when the signature could not be read at all; then the other facts are false/empty.
    """

    field: str
    signer: str
    organisation: str
    signed_at: datetime | None
    intact: bool
    whole_file: bool
    later_changes_allowed: bool
    chain: str
    error: str = ""

    @property
    def unchanged(self) -> bool:
        """The document a reader sees is the one that was signed."""
        return self.intact and (self.whole_file or self.later_changes_allowed)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["signed_at"] = self.signed_at.isoformat() if self.signed_at else None
        return data


def read_signatures(data: bytes, *, trust_roots: str | Path | None = None) -> tuple[PdfSignature, ...]:
    """Every embedded signature of the PDF, in file order; () for an unsigned or unreadable PDF."""
    if b"/ByteRange" not in data:
        return ()  # no signature dictionary: skip parsing the file a second time
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError, OSError) as exc:
        logger.info("PDF signatures not readable: %s", exc)
        return ()
    roots = load_trust_roots(str(trust_roots)) if trust_roots else ()
    return tuple(_read_one(sig, roots) for sig in embedded)


def _read_one(sig: Any, roots: tuple[Any, ...]) -> PdfSignature:
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    field = str(sig.field_name or "")
    try:
        cert = sig.signer_cert
        # Without roots nothing can be trusted: the context has none, and `chain` says "unchecked".
        context = ValidationContext(trust_roots=list(roots), allow_fetching=False)
        status = validate_pdf_signature(sig, signer_validation_context=context)
    except (SignatureValidationError, PdfError, ValueError, KeyError, TypeError) as exc:
        logger.info("PDF signature %r not readable: %s", field, exc)
        return PdfSignature(
            field=field,
            signer="",
            organisation="",
            signed_at=None,
            intact=False,
            whole_file=False,
            later_changes_allowed=False,
            chain=Chain.UNCHECKED,
            error="Không đọc được chữ ký số này (dữ liệu chữ ký hỏng hoặc định dạng lạ).",
        )
    subject = cert.subject.native
    timestamp = status.timestamp_validity.timestamp if status.timestamp_validity else None
    chain = Chain.UNCHECKED if not roots else Chain.VALID if status.trusted else Chain.INVALID
    return PdfSignature(
        field=field,
        signer=_text(subject.get("common_name")),
        organisation=_text(subject.get("organization_name")),
        signed_at=timestamp or status.signer_reported_dt,
        intact=bool(status.intact and status.valid),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        later_changes_allowed=bool(status.docmdp_ok),
        chain=chain,
    )


def _text(value: object) -> str:
    if isinstance(value, list | tuple):  # a subject may repeat an attribute
        return ", ".join(str(v) for v in value)
    return str(value or "").strip()


@lru_cache(maxsize=4)
def load_trust_roots(path: str) -> tuple[Any, ...]:
    """The CA certificates in a PEM/DER file (several PEM blocks allowed) or a folder of such files.

    Cached per path: the deployment's roots change with a restart, not per upload. A configured
    path that holds no certificate is an error (a typo must not silently turn checks off).
    """
    from asn1crypto import pem, x509

    source = Path(path)
    files = sorted(p for p in source.iterdir() if p.suffix.lower() in _CERT_SUFFIXES) if source.is_dir() else [source]
    certs: list[x509.Certificate] = []
    for file in files:
        raw = file.read_bytes()
        if pem.detect(raw):
            blocks = pem.unarmor(raw, multiple=True)
            certs.extend(x509.Certificate.load(der) for kind, _, der in blocks if kind == "CERTIFICATE")
        else:
            certs.append(x509.Certificate.load(raw))
    if not certs:
        raise ValueError(f"SIGNATURE_TRUST_ROOTS={path!r} holds no certificate")
    return tuple(certs)
