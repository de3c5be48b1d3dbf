"""A PDF's digital signatures as the review and document pages say them, in Vietnamese.

The rows are `directives.ingest.signatures.PdfSignature.as_json()`, stored on the import and
copied to the logged document. "chứng thư hợp lệ" is said only when the chain was verified
against a trust root the deployment configured (`SIGNATURE_TRUST_ROOTS`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from directives.ingest.signatures import Chain


@dataclass(frozen=True, slots=True)
class SignatureLine:
    text: str
    ok: bool  # unchanged since signing (and the chain not found invalid): shown green, else red


def signer_label(row: dict[str, Any]) -> str:
    """ "CN (O)", or just the CN when the organisation is already part of it (UBND tỉnh X / Tỉnh X)."""
    signer, organisation = row.get("signer") or "", row.get("organisation") or ""
    if organisation and organisation.casefold() not in signer.casefold():
        return f"{signer} ({organisation})" if signer else organisation
    return signer or _("(không rõ người ký)")


def signature_lines(rows: list[dict[str, Any]]) -> list[SignatureLine]:
    lines = []
    for row in rows or []:
        if row.get("error"):
            lines.append(SignatureLine(text=row["error"], ok=False))
            continue
        unchanged = bool(row.get("intact")) and bool(row.get("whole_file") or row.get("later_changes_allowed"))
        integrity = _("nội dung toàn vẹn") if unchanged else _("nội dung đã bị thay đổi sau khi ký")
        chain = row.get("chain")
        if chain == Chain.VALID:
            trust = _("chứng thư hợp lệ")
        elif chain == Chain.INVALID:
            trust = _("chứng thư không dẫn tới chứng thư gốc tin cậy nào đã cấu hình")
        else:
            trust = _("chưa kiểm tra chuỗi chứng thư")
        text = _("Đã ký số bởi %(signer)s lúc %(time)s; %(integrity)s; %(trust)s.") % {
            "signer": signer_label(row),
            "time": _when(row.get("signed_at")),
            "integrity": integrity,
            "trust": trust,
        }
        lines.append(SignatureLine(text=text, ok=unchanged and chain != Chain.INVALID))
    return lines


def _when(iso: str | None) -> str:
    if not iso:
        return _("(không ghi thời gian)")
    moment = timezone.localtime(dt.datetime.fromisoformat(iso))
    return moment.strftime("%H:%M ngày %d/%m/%Y")
