"""With Redis down (broker and cache), a large paste is not lost: the page comes back with the text
and a Vietnamese explanation, and nothing half-written stays in the database (issue 19, finding 7)."""

from __future__ import annotations

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from kombu import pools

from cascade.celery import app
from directives.documents.imports import INLINE_PARSE_MAX_BYTES
from directives.models import DocumentImport
from tests.paths import SEEDS

# Nothing listens on port 1: every connection is refused, as when Redis is down.
REDIS_DOWN = "redis://127.0.0.1:1/0"
QUEUE_DOWN = "Máy chủ hàng đợi đang không trả lời; văn bản của bạn vẫn còn dưới đây, hãy thử lại sau ít phút."


def _reset_broker_pools() -> None:
    """Forget the pooled broker connections, so the next publish connects to `broker_url` afresh."""
    pools.reset()  # closes and forgets kombu's connection and producer pools
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def redis_down(settings):
    """The broker and every cache point at a closed port; both are restored afterwards."""
    settings.CACHES = {
        alias: {**config, "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_DOWN}
        for alias, config in settings.CACHES.items()
    }
    original = app.conf.broker_url
    app.conf.broker_url = REDIS_DOWN
    _reset_broker_pools()
    try:
        yield
    finally:
        app.conf.broker_url = original
        _reset_broker_pools()


def _large_paste() -> str:
    text = (SEEDS / "001_dongnai_btg_hd_57.txt").read_text(encoding="utf-8")
    head, _, tail = text.partition("III. TỔ CHỨC THỰC HIỆN")
    filler = "\n\n".join(f"- Nội dung tuyên truyền bổ sung số {i}: quán triệt sâu rộng." for i in range(2500))
    return head + filler + "\n\nIII. TỔ CHỨC THỰC HIỆN" + tail


@pytest.mark.django_db(transaction=True)
def test_a_large_paste_is_shown_again_with_the_error_when_the_queue_is_down(client, staff, redis_down):
    text = _large_paste()
    assert len(text.encode("utf-8")) > INLINE_PARSE_MAX_BYTES  # goes to the queue, not parsed inline
    client.force_login(staff)
    response = client.post(reverse("document_new"), {"text": text})
    assert response.status_code == 200
    body = response.content.decode()
    assert QUEUE_DOWN in html.unescape(body)
    textarea = body[body.index('<textarea name="text"') :]
    shown = html.unescape(textarea[textarea.index(">") + 1 : textarea.index("</textarea>")])
    assert shown.strip() == text.strip()
    assert not DocumentImport.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_large_upload_asks_to_choose_the_file_again_when_the_queue_is_down(client, staff, redis_down):
    client.force_login(staff)
    upload = SimpleUploadedFile("huong-dan.txt", _large_paste().encode("utf-8"), content_type="text/plain")
    response = client.post(reverse("document_new"), {"file": upload})
    assert response.status_code == 200
    assert "Máy chủ hàng đợi đang không trả lời; hãy chọn lại tệp và thử lại sau ít phút." in html.unescape(
        response.content.decode()
    )
    assert not DocumentImport.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_small_paste_is_parsed_at_once_even_with_redis_down(client, staff, tree, redis_down):
    client.force_login(staff)
    text = (SEEDS / "001_dongnai_btg_hd_57.txt").read_text(encoding="utf-8")
    response = client.post(reverse("document_new"), {"text": text})
    assert response.status_code == 302
    assert DocumentImport.objects.get().status == DocumentImport.Status.READY
