"""A government site names its government in the header and its sponsor and records in the footer."""
import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_header_names_the_government_and_footer_the_sponsor_and_records(client, county, settings):
    county.phone, county.address = "0000-1234567", "示范县人民路1号"
    county.save()
    settings.GONGKAI_SITE_CODE, settings.GONGKAI_ICP = "1234000001", "示ICP备00000001号"
    html = client.get(reverse("portal:home")).content.decode()
    assert "示范县人民政府" in html.split('id="site-government"')[1].split("</span>")[0]
    footer = html.split('class="site-footer"')[1]
    assert "主办单位：示范县人民政府" in footer and "联系电话：0000-1234567" in footer
    assert "网站标识码：1234000001" in footer and "示ICP备00000001号" in footer


@pytest.mark.django_db
def test_records_line_is_left_out_until_configured(client, county):
    footer = client.get(reverse("portal:home")).content.decode().split('class="site-footer"')[1]
    assert "主办单位：示范县人民政府" in footer and "网站标识码" not in footer


def test_favicon_is_served(client):
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200 and b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"
