"""Logging in: ID numbers as typed, wrong passwords, lockout by login name, session limits, each
persona's home page, logout."""

import re
import time

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY

from jxjy.access.choices import Role
from jxjy.access.middleware import SESSION_STARTED_KEY
from jxjy.testing.factories import TEST_PASSWORD, PersonFactory, UserFactory, grant

WRONG = "not-the-password-1"
ID_WITH_X = "11010519491231002X"  # GB 11643's published sample


@pytest.fixture
def professional_x(world):
    """A professional whose ID number ends in X (the case a lowercase x must match)."""
    person = PersonFactory(name="古丽娜", unit=world["unit_a"], id_number=ID_WITH_X)
    user = UserFactory(username=ID_WITH_X, display_name="古丽娜", person=person)
    grant(user, Role.PROFESSIONAL)
    return user


def login(client, username: str, password: str):
    return client.post("/login/", {"username": username, "password": password})


def logged_in_as(client):
    return client.session.get(SESSION_KEY)


@pytest.mark.parametrize(
    "typed",
    [
        ID_WITH_X,
        ID_WITH_X.lower(),
        f" {ID_WITH_X[:6]} {ID_WITH_X[6:14]} {ID_WITH_X[14:].lower()} ",
        "１１０１０５１９４９１２３１００２ｘ",  # full-width digits and x, as a Chinese IME types them
    ],
)
def test_a_professional_logs_in_with_the_id_number_however_typed(client, professional_x, typed):
    response = login(client, typed, TEST_PASSWORD)
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == "/"
    assert logged_in_as(client) == str(professional_x.pk)


def test_a_wrong_password_shows_the_chinese_message(client, professional_x):
    response = login(client, ID_WITH_X, WRONG)
    assert response.status_code == 200
    assert "登录名或密码不正确" in response.content.decode()
    assert logged_in_as(client) is None


def test_an_unknown_login_name_shows_the_same_message(client, world):
    response = login(client, "nobody-here", WRONG)
    assert "登录名或密码不正确" in response.content.decode()
    assert logged_in_as(client) is None


def test_five_failures_lock_the_login_name_out_even_with_the_right_password(client, li_qiang, zhao_county):
    limit = settings.AXES_FAILURE_LIMIT
    assert limit == 5
    for attempt in range(limit - 1):
        response = login(client, "liqiang", WRONG)
        assert response.status_code == 200, attempt
        assert "登录名或密码不正确" in response.content.decode()
    locked = login(client, "liqiang", WRONG)
    assert locked.status_code == 429
    assert "账号已暂时锁定" in locked.content.decode()

    right = login(client, "liqiang", TEST_PASSWORD)
    assert right.status_code == 429
    assert logged_in_as(client) is None

    # Another login name (from the same address) is not locked.
    other = login(client, "zhaokezhang", TEST_PASSWORD)
    assert other.status_code == 302
    assert logged_in_as(client) == str(zhao_county.pk)


def test_failures_count_against_the_normalised_login_name(client, professional_x):
    """Typing the number five ways is still five failures of one login name."""
    for typed in (
        ID_WITH_X,
        ID_WITH_X.lower(),
        " " + ID_WITH_X,
        "１１０１０５１９４９１２３１００２Ｘ",
        ID_WITH_X + " ",
    ):
        login(client, typed, WRONG)
    assert login(client, ID_WITH_X, TEST_PASSWORD).status_code == 429
    assert logged_in_as(client) is None


def test_a_success_before_the_limit_resets_the_count(client, li_qiang):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "liqiang", WRONG)
    assert login(client, "liqiang", TEST_PASSWORD).status_code == 302
    client.post("/logout/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "liqiang", WRONG).status_code == 200
    assert login(client, "liqiang", TEST_PASSWORD).status_code == 302


def test_sessions_end_after_30_minutes_idle_renewed_on_every_request():
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is False
    assert settings.JXJY_SESSION_MAX_SECONDS == 12 * 60 * 60


def test_a_session_ends_12_hours_after_login_however_active(client, li_qiang):
    assert login(client, "liqiang", TEST_PASSWORD).status_code == 302
    assert client.get("/").status_code == 200
    started = client.session[SESSION_STARTED_KEY]
    assert abs(started - time.time()) < 60

    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - 11 * 60 * 60
    session.save()
    assert client.get("/").status_code == 200  # 11 hours: still in

    session = client.session
    session[SESSION_STARTED_KEY] = int(time.time()) - 13 * 60 * 60
    session.save()
    response = client.get("/people/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert logged_in_as(client) is None
    assert client.get("/api/v1/me").status_code == 401


ROLE_NAMES = {
    "wang_fang": "专业技术人员",
    "li_qiang": "单位经办人",
    "other_officer": "单位经办人",
    "agency_clerk": "人才服务机构经办人",
    "base_registrar": "继续教育基地管理员",
    "zhao_county": "人社部门工作人员",
    "chen_region": "人社部门工作人员",
    "industry_water": "行业主管部门工作人员",
    "admin": "平台管理员",
}
PLACES = {
    "wang_fang": "天山区水务有限公司",
    "li_qiang": "天山区水务有限公司",
    "other_officer": "伊宁市人民医院",
    "agency_clerk": "天山区人才服务中心",
    "base_registrar": "乌鲁木齐继续教育基地",
    "zhao_county": "天山区",
    "chen_region": "新疆维吾尔自治区",
    "industry_water": "乌鲁木齐市",
}


def test_each_personas_home_page_shows_its_role(client, world, persona):
    # `world` named here so pytest-django orders this as a database test (persona only asks for it
    # at run time, after transactional tests have emptied the tables).
    name, user = persona
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    headings = [heading.strip() for heading in re.findall(r"<h2[^>]*>([^<]+)", page)]
    assert headings == [ROLE_NAMES[name]]
    assert f"您好，{user.display_name}" in page
    if name in PLACES:
        assert PLACES[name] in page


def test_working_pages_need_a_login(client, world):
    for url in ("/people/", "/organizations/", "/regions/", "/account/tokens/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url


def test_logout_is_post_only(client, li_qiang):
    client.force_login(li_qiang)
    assert client.get("/logout/").status_code == 405
    assert logged_in_as(client) == str(li_qiang.pk)
    response = client.post("/logout/")
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert logged_in_as(client) is None
    assert client.get("/people/").status_code == 302


def test_visitors_get_the_public_front_page_with_the_way_in(client, world):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "继续教育公共信息综合服务平台" in page
    assert 'href="/login/"' in page
    assert "您好" not in page
