"""Embedded PDF signatures: signer, time, intact or changed, and the chain only against configured roots."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from weasyprint import HTML

from directives.ingest import ingest
from directives.ingest.signatures import Chain, read_signatures
from tests.directives.ingest.signing import ORGANISATION, SIGNER, Pki, make_pki, sign_pdf, tamper


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


@pytest.fixture(scope="module")
def signed(pki: Pki) -> bytes:
    pdf = HTML(string="<p>Chỉ thị về tăng cường công tác tuyên truyền.</p>").write_pdf()
    return sign_pdf(pdf, pki)


def test_a_signed_pdf_shows_its_signer_time_and_intact_content(signed: bytes) -> None:
    (sig,) = read_signatures(signed)
    assert (sig.signer, sig.organisation) == (SIGNER, ORGANISATION)
    assert sig.signed_at is not None
    assert abs(sig.signed_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    assert sig.intact
    assert sig.whole_file
    assert sig.unchanged


def test_one_byte_changed_inside_the_signed_range_is_not_intact(signed: bytes) -> None:
    (sig,) = read_signatures(tamper(signed))
    assert sig.signer == SIGNER
    assert not sig.intact
    assert not sig.unchanged


def test_without_trust_roots_the_chain_is_unchecked_never_valid(signed: bytes) -> None:
    (sig,) = read_signatures(signed)
    assert sig.chain == Chain.UNCHECKED


def test_with_the_issuing_ca_as_trust_root_the_chain_is_valid(signed: bytes, pki: Pki, tmp_path: Path) -> None:
    (sig,) = read_signatures(signed, trust_roots=pki.write_ca(tmp_path))
    assert sig.chain == Chain.VALID


def test_a_folder_of_roots_from_another_ca_makes_the_chain_invalid(signed: bytes, tmp_path: Path) -> None:
    make_pki().write_ca(tmp_path)
    (sig,) = read_signatures(signed, trust_roots=tmp_path)
    assert sig.chain == Chain.INVALID
    assert sig.intact  # the bytes are still the signed ones; only the signer is not trusted


def test_an_unsigned_pdf_has_no_signatures() -> None:
    assert read_signatures(HTML(string="<p>Không ký</p>").write_pdf()) == ()


def test_ingest_carries_the_signatures_with_the_text(signed: bytes) -> None:
    ingested = ingest(signed, "ky-so.pdf")
    assert [s.signer for s in ingested.signatures] == [SIGNER]
