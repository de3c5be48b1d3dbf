from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_checks_the_database_the_broker_and_the_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "broker": "ok", "cache": "ok"}


def test_healthz_reports_a_broker_that_does_not_answer(client, settings):
    from cascade.celery import app

    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = original
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("error")


# Nothing listens on port 1: every connection is refused, as when Redis is down.
REDIS_DOWN = "redis://127.0.0.1:1/0"


def test_healthz_answers_503_json_naming_the_cache_when_redis_is_down(client, settings):
    from cascade.celery import app

    settings.CACHES = {
        alias: {**config, "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_DOWN}
        for alias, config in settings.CACHES.items()
    }
    original = app.conf.broker_url
    app.conf.broker_url = REDIS_DOWN
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = original
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"].startswith("error: ")
    assert body["checks"]["cache"].startswith("error: ")
    assert body["worker_heartbeat_age_s"] is None


def test_healthz_names_the_cache_alone_when_only_the_cache_is_down(client, settings):
    settings.CACHES = {
        alias: {**config, "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_DOWN}
        for alias, config in settings.CACHES.items()
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "broker": "ok", "cache": "error: ConnectionError"}
