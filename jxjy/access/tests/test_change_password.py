from django.contrib.auth import authenticate
from django.test import RequestFactory

from jxjy.audit.models import AuditEntry
from jxjy.testing.factories import TEST_PASSWORD

NEW_PASSWORD = "Shuiwu-gongsi-2027"


def can_log_in(user, password) -> bool:
    return (
        authenticate(RequestFactory().post("/login/"), username=user.username, password=password) is not None
    )


def test_a_professional_changes_her_password_and_it_is_on_record(client, wang_fang):
    client.force_login(wang_fang)
    entries = AuditEntry.objects.count()
    response = client.post(
        "/account/password/",
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302 and response["Location"] == "/"
    wang_fang.refresh_from_db()
    assert can_log_in(wang_fang, NEW_PASSWORD) and not can_log_in(wang_fang, TEST_PASSWORD)
    entry = AuditEntry.objects.order_by("-seq").first()
    assert AuditEntry.objects.count() == entries + 1
    assert (entry.action, entry.object_id) == ("login.password_change", str(wang_fang.pk))
    assert "password" not in str(entry.after) and "pbkdf2" not in str(entry.after)
    assert client.get("/people/").status_code == 200  # still logged in on this device


def test_a_weak_or_mistyped_password_is_refused_with_the_reason(client, wang_fang):
    client.force_login(wang_fang)
    for data, reason in [
        (
            {"old_password": "wrong-old-pw", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
            "旧密码",
        ),
        (
            {"old_password": TEST_PASSWORD, "new_password1": "12345678901", "new_password2": "12345678901"},
            "密码",
        ),
        (
            {
                "old_password": TEST_PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD + "x",
            },
            "密码",
        ),
    ]:
        entries = AuditEntry.objects.count()
        response = client.post("/account/password/", data)
        assert response.status_code == 422
        assert reason in response.content.decode()
        assert AuditEntry.objects.count() == entries
    wang_fang.refresh_from_db()
    assert can_log_in(wang_fang, TEST_PASSWORD)
