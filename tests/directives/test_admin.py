"""The admin is an upload path too: a document's original goes through the same check there."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from directives.admin import DocumentAdminForm
from tests.factories import DocumentFactory
from tests.files import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_disguised_original_is_refused_in_the_admin(tree):
    document = DocumentFactory(issuer=tree.board)
    fake = SimpleUploadedFile("huong-dan.pdf", b"MZ\x90\x00" + b"\x00" * 300)
    form = DocumentAdminForm(data={}, files={"source_file": fake}, instance=document)
    assert not form.is_valid()
    assert "có đuôi .pdf nhưng nội dung không phải PDF" in form.errors["source_file"][0]
    document.refresh_from_db()
    assert not document.source_file


def test_an_original_uploaded_in_the_admin_is_stored_under_a_random_name(tree):
    document = DocumentFactory(issuer=tree.board)
    form = DocumentAdminForm(
        data={}, files={"source_file": SimpleUploadedFile("Hướng dẫn.pdf", pdf_bytes())}, instance=document
    )
    assert form.is_valid(), form.errors
    form.save()
    document.refresh_from_db()
    assert document.source_file.name.startswith("documents/")
    assert document.source_file.name.endswith(".pdf")
    assert "Hướng" not in document.source_file.name
    assert document.source_file.read().startswith(b"%PDF-")
