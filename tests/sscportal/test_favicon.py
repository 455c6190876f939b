"""The portal's icon: linked from every page, and answered at /favicon.ico for those who ask."""

import pytest

pytestmark = pytest.mark.django_db


def test_every_page_links_the_svg_favicon(client):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html


def test_favicon_ico_leads_to_the_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"
