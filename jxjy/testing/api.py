"""Helpers for API tests: a JSON call as a logged-in persona, and the checks every refusal must pass."""

import json


def call(client, user, method: str, url: str, payload=None, raw: str | None = None):
    """`method` on `url` with a JSON body (or `raw` text, for malformed bodies), as `user` if given."""
    if user is not None:
        client.force_login(user)
    body = raw if raw is not None else json.dumps(payload if payload is not None else {})
    return getattr(client, method)(url, data=body, content_type="application/json")


def assert_field_error(
    response, status: int, field: str, code: str | None = None, message: str | None = None
):
    """The refusal has the API's error shape and names `field` with a Chinese message (and `code`)."""
    assert response.status_code == status, response.content.decode()
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["message"] == "提交的数据有误，请按提示修改"
    named = [error for error in body["errors"] if error["field"] == field]
    assert named, body["errors"]
    if code is not None:
        assert code in [error["code"] for error in named], named
    for error in named:
        assert any("\u4e00" <= ch <= "\u9fff" for ch in error["message"]), f"not Chinese: {error['message']}"
    if message is not None:
        assert any(message in error["message"] for error in named), named
    return named
