"""/healthz and /readyz: no log-in, tiny bodies that name no version, path or host; /readyz is 503
as soon as one of the database, the queue or the media directory cannot be used."""
import json
import socket
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db


def _no_detail(body: str):
    assert str(settings.MEDIA_ROOT) not in body and str(Path(__file__).parents[2]) not in body
    assert socket.gethostname() not in body and "/" not in body
    assert not any(word in body.lower() for word in ("django", "postgres", "sqlite", "redis", "huey", "version"))


def test_healthz_answers_anonymous_with_a_tiny_body(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert "sessionid" not in response.cookies
    assert client.post("/healthz").status_code == 405


def test_readyz_is_200_when_everything_is_usable(client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    response = client.get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok",
                                            "checks": {"database": "ok", "queue": "ok", "media": "ok"}}
    assert list(tmp_path.iterdir()) == []                     # the probe file is gone
    _no_detail(response.content.decode())


def test_readyz_is_503_when_the_media_directory_cannot_take_a_file(client, tmp_path, settings, caplog):
    blocked = tmp_path / "media"
    blocked.write_text("a file where the media directory should be (an unmounted share)")
    settings.MEDIA_ROOT = blocked
    response = client.get("/readyz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body == {"status": "unavailable", "checks": {"database": "ok", "queue": "ok", "media": "fail"}}
    _no_detail(response.content.decode())
    assert "readyz: media not ready" in caplog.text            # the reason is in the log, not the answer


def test_readyz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    from gongkai.ops import health

    def refused():
        raise connection.Database.OperationalError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", refused)
    response = client.get("/readyz")
    assert response.status_code == 503 and json.loads(response.content)["checks"]["database"] == "fail"


def test_readyz_is_503_when_the_queue_store_is_gone(client, monkeypatch):
    """REDIS_URL names a Redis that does not answer (nothing listens on port 1 of 127.0.0.1)."""
    from huey.contrib.djhuey import HUEY
    from huey.storage import RedisStorage

    monkeypatch.setattr(HUEY, "storage", RedisStorage("gongkai", url="redis://127.0.0.1:1/0"))
    response = client.get("/readyz")
    assert response.status_code == 503 and json.loads(response.content)["checks"] == {
        "database": "ok", "queue": "fail", "media": "ok"}
    _no_detail(response.content.decode())
