"""Pieces every official report snapshot shares: the header block, the signer, Nơi nhận."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from directives.models import Document, Membership, Organization
from reports.pdf.formatting import issuer_lines, recipient_lines, signing_defaults
from reports.pdf.profiles import LayoutProfile, profile_for

REPORT_TYPE_CODE = "BC"
REPORT_TYPE_NAME = "BÁO CÁO"


@dataclass(frozen=True)
class Signature:
    capacity: str = ""
    body: str = ""
    title: str = ""
    name: str = ""


def parent_of(unit: Organization) -> Organization | None:
    if len(unit.path) <= Organization.steplen:
        return None
    return Organization.objects.filter(path=unit.path[: -Organization.steplen]).first()


def superior_for_header(unit: Organization, parent: Organization | None) -> Organization | None:
    """The body printed above the issuer: its parent, except above a committee that sits right
    under the Central Committee (a Tỉnh ủy heads its documents with its own name only)."""
    if parent is None:
        return None
    if not unit.is_party and parent.is_party:  # a State body is not headed by a Party committee
        return None
    if parent.level == Organization.Level.CENTRAL and unit.kind == Organization.Kind.PARTY_COMMITTEE:
        return None
    return parent


def document_head(*, unit: Organization, parent: Organization | None, today: dt.date, subject: str) -> dict:
    profile = profile_for(is_party=unit.is_party, on=today)
    superior_org = superior_for_header(unit, parent)
    superior, issuer = issuer_lines(name=unit.name, parent_name=superior_org.name if superior_org else None)
    return {
        "profile": profile.key,
        "superior": superior,
        "issuer": issuer,
        "issuer_code": unit.symbol_code,
        "place": unit.place,
        "type_code": REPORT_TYPE_CODE,
        "type_name": REPORT_TYPE_NAME,
        "subject": subject,
    }


def default_signature(unit: Organization) -> Signature:
    """The unit's kind decides the capacity line; its (first) leader's name and title sign."""
    defaults = signing_defaults(kind=unit.kind, level=unit.level, name=unit.name)
    leader = (
        Membership.objects.filter(organization=unit, role=Membership.Role.LEADER)
        .select_related("user")
        .order_by("id")
        .first()
    )
    name = (leader.user.get_full_name() or leader.user.get_username()) if leader else ""
    title = defaults.title
    if leader and leader.title and not defaults.capacity:
        title = leader.title.upper()
    return Signature(defaults.capacity, defaults.body, title, name)


def signature_payload(signature: Signature, profile: LayoutProfile) -> dict:
    data = asdict(signature)
    data["capacity_line"] = profile.capacity_text(signature.capacity, signature.body)
    data["title"] = signature.title.upper()
    return data


def default_recipients(*, profile: LayoutProfile, parent: Organization | None, upward: list[str]) -> list[str]:
    """Upward bodies "(để báo cáo)", the unit's own superior, then the file copy."""
    lines: list[str] = []
    for name in [*upward, parent.name if parent else ""]:
        if name and f"{name} (để báo cáo)" not in lines:
            lines.append(f"{name} (để báo cáo)")
    lines.append(profile.file_copy_line)
    return lines


def format_recipients(lines: list[str], profile: LayoutProfile) -> list[str]:
    return recipient_lines(lines, separator=profile.recipient_separator)


def document_reference(document: Document) -> str:
    """ "Hướng dẫn số 01-HD/BTGTU ngày 12/9/2023 của Ban Tuyên giáo Tỉnh ủy Đồng Nai"."""
    parts = [document.type_name]
    if document.number:
        parts.append(f"số {document.number}")
    if document.issued_on:
        day = document.issued_on
        if document.date_precision == Document.DatePrecision.YEAR:
            parts.append(f"năm {day.year}")
        elif document.date_precision == Document.DatePrecision.MONTH:
            parts.append(f"tháng {day.month}/{day.year}")
        else:
            parts.append(f"ngày {day.day}/{day.month}/{day.year}")
    issuer = document.issuer.name if document.issuer else document.issuer_name
    if issuer:
        parts.append(f"của {issuer}")
    return " ".join(parts)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text
