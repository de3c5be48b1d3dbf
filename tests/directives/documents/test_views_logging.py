""" "Nhập văn bản": paste → review (fields matched, highlighted) → save, and everything around it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from directives.models import Assignment, Document, DocumentImport, Organization, Task
from tests.factories import DocumentFactory
from tests.paths import SEEDS

pytestmark = pytest.mark.django_db


GUIDANCE = """BAN TUYÊN GIÁO TỈNH ỦY ĐỒNG NAI
Số 18-HD/BTGTU
Đồng Nai, ngày 12 tháng 9 năm 2023

HƯỚNG DẪN
Tuyên truyền Kết luận số 57-KL/TW

Thực hiện Hướng dẫn số 111-HD/BTGTW ngày 11/8/2023 của Ban Tuyên giáo Trung ương, \
Ban Tuyên giáo Tỉnh ủy hướng dẫn như sau:

III. TỔ CHỨC THỰC HIỆN
1. Các huyện ủy báo cáo kết quả về Ban Tuyên giáo Tỉnh ủy trước ngày 10/11/2023.

Nơi nhận:
- Huyện ủy Trảng Bom (để thực hiện),
- Thành ủy Biên Hòa (để thực hiện),
- Ban Tuyên giáo TW (để báo cáo),
- Lưu VT.

K/T TRƯỞNG BAN
PHÓ TRƯỞNG BAN

Nguyễn Thị Hồng Trang
"""


def _paste(client, text: str = GUIDANCE) -> DocumentImport:
    response = client.post(reverse("document_new"), {"text": text})
    assert response.status_code == 302, response.content[:500]
    doc_import = DocumentImport.objects.latest("pk")
    assert response.url == reverse("document_import", args=[doc_import.pk])
    return doc_import


def _form_data(html: str) -> dict[str, str]:
    """The review form as the browser would submit it untouched (inputs, selects, textareas)."""
    data: dict[str, str] = {}
    form = html[html.index('id="review-form"') :]
    for match in re.finditer(r"<input([^>]*)>", form):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', match.group(1)))
        name = attrs.get("name")
        if not name or attrs.get("type") in ("submit", "file"):
            continue
        if attrs.get("type") == "checkbox":
            if "checked" in match.group(1):
                data[name] = "on"
            continue
        data[name] = _unescape(attrs.get("value", ""))
    for match in re.finditer(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        data[match.group(1)] = _unescape(match.group(2).strip("\n"))
    for match in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', match.group(2))
        data[match.group(1)] = selected.group(1) if selected else ""
    return data


def _unescape(value: str) -> str:
    import html

    return html.unescape(value)


def test_staff_paste_a_guidance_and_see_it_parsed_beside_the_highlighted_text(client, staff, tree):
    client.force_login(staff)
    doc_import = _paste(client)
    assert doc_import.status == DocumentImport.Status.READY
    response = client.get(reverse("document_import", args=[doc_import.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    data = _form_data(html)
    assert data["doc-number"] == "18-HD/BTGTU"
    assert data["doc-issued_on"] == "12/09/2023"
    assert data["doc-issuer"] == str(tree.board.pk)  # matched within the staff's scope
    assert data["ref-0-number"] in ("111-HD/BTGTW", "57-KL/TW")
    assert '<mark class="src src-number" id="src-number"' in html
    assert 'href="#src-number"' in html
    # The two "để thực hiện" units are tasked, "để báo cáo" is not.
    tasked = {data[k.replace("-assign", "-organization")] for k in data if k.endswith("-assign")}
    assert tasked == {str(tree.district_a.pk), str(tree.district_b.pk)}


def test_saving_logs_the_document_with_tasks_assignments_and_placeholders(client, staff, tree):
    client.force_login(staff)
    doc_import = _paste(client)
    data = _form_data(client.get(reverse("document_import", args=[doc_import.pk])).content.decode())
    data["doc-subject"] = "Tuyên truyền Kết luận số 57-KL/TW (đã sửa)"
    data["action"] = "save"
    response = client.post(reverse("document_import", args=[doc_import.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    document = Document.objects.get(number="18-HD/BTGTU")
    assert response.url == reverse("document_detail", args=[document.pk])
    assert document.subject.endswith("(đã sửa)")
    assert document.issuer == tree.board
    assert document.created_by == staff
    assert Document.objects.get(number="111-HD/BTGTW").is_placeholder
    assert document.primary_parent.number == "111-HD/BTGTW"
    task = Task.objects.get(document=document)
    assert task.due_on == dt.date(2023, 11, 9)
    assert {a.unit for a in Assignment.objects.filter(task=task)} == {tree.district_a, tree.district_b}
    doc_import.refresh_from_db()
    assert (doc_import.status, doc_import.document) == (DocumentImport.Status.LOGGED, document)
    page = client.get(response.url).content.decode()
    assert "Huyện ủy Trảng Bom" in page
    assert "status-" in page


def test_a_form_error_keeps_everything_typed_and_saves_nothing(client, staff, tree):
    client.force_login(staff)
    doc_import = _paste(client)
    data = _form_data(client.get(reverse("document_import", args=[doc_import.pk])).content.decode())
    data["doc-subject"] = "Trích yếu tôi vừa gõ"
    data["task-0-due_on"] = "31/02/2023"  # no such day
    data["action"] = "save"
    before = Document.objects.count()
    response = client.post(reverse("document_import", args=[doc_import.pk]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert Document.objects.count() == before
    assert "Trích yếu tôi vừa gõ" in html
    assert 'value="31/02/2023"' in html
    assert "is-invalid" in html or "invalid-feedback" in html


def test_a_document_already_logged_is_refused_with_a_link_to_it(client, staff, tree):
    existing = DocumentFactory(number="18-HD/BTGTU", issuer=tree.board)
    client.force_login(staff)
    doc_import = _paste(client)
    html = client.get(reverse("document_import", args=[doc_import.pk])).content.decode()
    assert reverse("document_detail", args=[existing.pk]) in html  # warned before saving
    data = _form_data(html)
    data["action"] = "save"
    response = client.post(reverse("document_import", args=[doc_import.pk]), data)
    assert response.status_code == 200
    assert "đã được nhập trước đó" in response.content.decode()
    assert reverse("document_detail", args=[existing.pk]) in response.content.decode()
    assert Document.objects.filter(number="18-HD/BTGTU").count() == 1


def test_a_whole_level_can_be_assigned_and_due_dates_edited_before_saving(client, staff, tree):
    client.force_login(staff)
    doc_import = _paste(client)
    url = reverse("document_import", args=[doc_import.pk])
    data = _form_data(client.get(url).content.decode())
    data.update({"doc-level_under": str(tree.province.pk), "doc-level": "3", "action": "refresh"})
    html = client.post(url, data).content.decode()
    data = _form_data(html)
    units = {v for k, v in data.items() if k.startswith("asg-") and k.endswith("-unit") and v}
    assert {str(tree.commune_a.pk), str(tree.commune_b.pk), str(tree.district_a.pk)} <= units
    row = next(k for k, v in data.items() if k.endswith("-unit") and v == str(tree.commune_a.pk))
    data[row.replace("-unit", "-due_on")] = "01/11/2023"
    data["action"] = "save"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Assignment.objects.get(unit=tree.commune_a).due_on == dt.date(2023, 11, 1)
    assert Assignment.objects.get(unit=tree.district_a).due_on == dt.date(2023, 11, 9)


def test_an_unknown_recipient_can_be_created_under_a_parent(client, staff, tree):
    client.force_login(staff)
    text = GUIDANCE.replace("- Thành ủy Biên Hòa (để thực hiện),", "- Đảng ủy xã Hố Nai 3 (để thực hiện),")
    doc_import = _paste(client, text)
    url = reverse("document_import", args=[doc_import.pk])
    data = _form_data(client.get(url).content.decode())
    index = next(k.split("-")[1] for k, v in data.items() if k.endswith("-name") and "Hố Nai" in v)
    data[f"rcp-{index}-organization"] = ""
    data[f"rcp-{index}-assign"] = "on"
    data[f"rcp-{index}-new_parent"] = str(tree.district_a.pk)
    data["action"] = "save"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = Organization.objects.get(name="Đảng ủy xã Hố Nai 3")
    assert unit.path.startswith(tree.district_a.path)
    assert unit.depth == tree.district_a.depth + 1
    assert unit.kind == Organization.Kind.PARTY_COMMITTEE
    assert Assignment.objects.filter(unit=unit).count() == 1


def test_a_secretary_cannot_log_documents(client, secretary_a):
    client.force_login(secretary_a)
    assert client.get(reverse("document_new")).status_code == 403
    assert client.post(reverse("document_new"), {"text": GUIDANCE}).status_code == 403


def test_staff_cannot_log_as_an_issuer_outside_their_scope(client, staff, tree):
    client.force_login(staff)
    doc_import = _paste(client)
    url = reverse("document_import", args=[doc_import.pk])
    data = _form_data(client.get(url).content.decode())
    data["doc-issuer"] = str(tree.other_province.pk)
    data["action"] = "save"
    response = client.post(url, data)
    assert response.status_code == 200
    assert not Document.objects.filter(number="18-HD/BTGTU").exists()
    assert f'value="{tree.other_province.pk}"' not in response.content.decode().split('name="doc-issuer"')[1][:3000]


def test_an_import_is_private_to_its_author(client, staff, leader, tree):
    client.force_login(staff)
    doc_import = _paste(client)
    client.force_login(leader)
    assert client.get(reverse("document_import", args=[doc_import.pk])).status_code == 404
    assert client.get(reverse("document_import_progress", args=[doc_import.pk])).status_code == 404


def test_an_empty_paste_is_refused_with_a_message(client, staff):
    client.force_login(staff)
    response = client.post(reverse("document_new"), {"text": "   "})
    assert response.status_code == 200
    assert "Hãy dán nội dung văn bản hoặc chọn một tệp." in response.content.decode()


def test_a_disguised_upload_is_refused_by_content(client, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff)
    fake = SimpleUploadedFile("huong-dan.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(reverse("document_new"), {"file": fake})
    assert response.status_code == 200
    assert "không phải PDF" in response.content.decode()
    assert not DocumentImport.objects.exists()


def test_a_small_text_upload_is_parsed_at_once(client, staff, tree):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff)
    upload = SimpleUploadedFile("huong-dan.txt", GUIDANCE.encode("utf-8"), content_type="text/plain")
    response = client.post(reverse("document_new"), {"file": upload})
    assert response.status_code == 302
    doc_import = DocumentImport.objects.get()
    assert doc_import.status == DocumentImport.Status.READY
    assert doc_import.result["number"] == "18-HD/BTGTU"


def test_a_seed_document_parses_into_the_review_form(client, staff, tree):
    client.force_login(staff)
    doc_import = _paste(client, (SEEDS / "001_dongnai_btg_hd_57.txt").read_text(encoding="utf-8"))
    html = client.get(reverse("document_import", args=[doc_import.pk])).content.decode()
    data = _form_data(html)
    assert [data[f"task-{i}-due_on"] for i in range(3)] == ["31/10/2023", "31/10/2023", "09/11/2023"]
    assert data["doc-signer_capacity"] == "K/T TRƯỞNG BAN"
    assert {data[f"ref-{i}-number"] for i in range(3)} == {"57-KL/TW", "111-HD/BTGTW", "5763-CV/TU"}


def test_an_uploaded_file_is_kept_with_the_document_and_scoped_like_it(client, staff, outsider, secretary_b, tree):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(staff)
    upload = SimpleUploadedFile("18-HD-BTGTU.txt", GUIDANCE.encode("utf-8"), content_type="text/plain")
    client.post(reverse("document_new"), {"file": upload})
    doc_import = DocumentImport.objects.get()
    url = reverse("document_import", args=[doc_import.pk])
    data = _form_data(client.get(url).content.decode())
    data["action"] = "save"
    assert client.post(url, data).status_code == 302
    document = Document.objects.get(number="18-HD/BTGTU")
    assert "18-HD" not in document.source_file.name  # stored under a random name
    source = reverse("document_source", args=[document.pk])
    response = client.get(source)
    assert b"".join(response.streaming_content).decode("utf-8") == GUIDANCE
    assert response["Content-Disposition"] == 'attachment; filename="18-HD-BTGTU.txt"'  # the name uploaded
    assert response["Content-Type"] == "application/octet-stream"  # text is downloaded, never rendered
    assert "sandbox" in response["Content-Security-Policy"]
    client.force_login(secretary_b)  # Thành ủy Biên Hòa was assigned a task
    assert client.get(source).status_code == 200
    client.force_login(outsider)
    assert client.get(source).status_code == 404


def test_a_secretary_is_told_why_they_cannot_log(client, secretary_a):
    client.force_login(secretary_a)
    response = client.get(reverse("document_new"))
    assert response.status_code == 403
    assert "Chỉ cán bộ tham mưu, lãnh đạo" in response.content.decode()


def test_pasting_documents_is_rate_limited_per_person(client, staff, tree):
    client.force_login(staff)
    for _ in range(30):
        assert client.post(reverse("document_new"), {"text": ""}).status_code == 200  # the form, with its error
    response = client.post(reverse("document_new"), {"text": GUIDANCE})
    assert response.status_code == 429
    assert "thao tác quá nhanh" in response.content.decode()
    assert client.get(reverse("document_new")).status_code == 200
