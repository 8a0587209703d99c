"""Nothing is fetched from the internet at run time: pages and the API docs load scripts and styles
from the platform itself."""

import re

import pytest

EXTERNAL_ASSET = re.compile(r"""<(?:script|link)[^>]+(?:src|href)=["']https?://""", re.IGNORECASE)


@pytest.mark.parametrize("url", ["/", "/login/", "/api/v1/docs"])
def test_pages_load_no_asset_from_elsewhere(client, world, url):
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script" in page  # htmx or the API docs' bundle: served here, not fetched
    assert not EXTERNAL_ASSET.search(page), EXTERNAL_ASSET.search(page).group(0)


def test_static_files_are_served(client):
    response = client.get("/static/jxjy/htmx.min.js")
    assert response.status_code == 200
    assert b"htmx" in b"".join(response.streaming_content)
