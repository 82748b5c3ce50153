"""The JSON API refuses form bodies with a clear message instead of a 500 (found by the matrix run)."""
import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("multipart", [True, False])
def test_a_form_body_gets_400_in_chinese(client, multipart):
    data = {"name": "王小明", "description": "预算"}
    response = (client.post("/api/v1/applications", data) if multipart else
                client.post("/api/v1/applications", "name=x", content_type="application/x-www-form-urlencoded"))
    assert response.status_code == 400
    assert "请求体须为JSON" in response.json()["detail"][0]["message"]
