import io

from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command

from jxjy.demo.logins import DEMO_LOGINS, DEMO_PASSWORD


def demo_logins() -> str:
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    return out.getvalue()


def test_the_table_lists_every_login_and_the_password(db):
    output = demo_logins()
    for heading in ("登录名", "姓名", "角色"):
        assert heading in output
    for login in DEMO_LOGINS:
        assert login.username in output and login.display_name in output and login.description in output
    assert DEMO_PASSWORD in output
    # On a database without the demo it says so instead of promising logins that do not exist.
    assert "load_demo" in output


def test_the_demo_password_passes_the_password_validators():
    validate_password(DEMO_PASSWORD)


def test_login_names_are_unique_and_professionals_log_in_with_their_id_number():
    names = [login.username for login in DEMO_LOGINS]
    assert len(names) == len(set(names))
    roles = {grant.role for login in DEMO_LOGINS for grant in login.grants}
    assert roles == {
        "professional",
        "unit_officer",
        "agency_clerk",
        "base_registrar",
        "hr_officer",
        "industry_officer",
        "platform_admin",
    }
    wang = DEMO_LOGINS[0]
    assert wang.username == wang.person.id_number
