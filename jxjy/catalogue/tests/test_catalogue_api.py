"""/api/v1/catalogue: public reads (anonymous included) of published entries, with search, filters and
paging; writes in scope, audited; refusals in the API's one error shape."""

from jxjy.audit.models import AuditEntry
from jxjy.catalogue.models import Course
from jxjy.catalogue.tests.conftest import make_course, make_textbook
from jxjy.testing.api import assert_field_error, call

API = "/api/v1/catalogue"


def new_course(owner, **extra):
    return {
        "title": "智慧水务系统建设",
        "kind": "professional",
        "series": ["engineering"],
        "provider": "新疆大学继续教育学院",
        "hours_tenths": 40,
        "published_by_id": owner.pk,
        "is_published": True,
        **extra,
    }


def titles(response):
    assert response.status_code == 200, response.content.decode()
    return {item["title"] for item in response.json()["items"]}


def test_anonymous_reads_published_courses_only(client, authorities, catalogue):
    make_course(authorities["hr_region"], title="草稿课程", is_published=False)
    response = client.get(f"{API}/courses")
    assert response.json()["count"] == len(catalogue)
    assert "草稿课程" not in titles(response)


def test_anonymous_gets_a_published_entry_but_not_a_draft(client, authorities, catalogue):
    course = catalogue["water"]["course"]
    body = client.get(f"{API}/courses/{course.pk}").json()
    assert (body["title"], body["published_by_name"], body["hours_tenths"]) == (
        course.title,
        "乌鲁木齐市水务局",
        30,
    )
    draft = make_textbook(authorities["water"], is_published=False)
    response = client.get(f"{API}/textbooks/{draft.pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_an_editor_sees_own_drafts_in_the_public_list(
    client, authorities, catalogue, industry_water, zhao_county
):
    make_course(authorities["water"], title="水务草稿", is_published=False)
    client.force_login(industry_water)
    assert "水务草稿" in titles(client.get(f"{API}/courses"))
    client.force_login(zhao_county)
    assert "水务草稿" not in titles(client.get(f"{API}/courses"))


def test_search_and_filters(client, authorities):
    owner = authorities["hr_region"]
    make_course(owner, title="民法典解读", kind="public", public_category="law")
    make_course(
        owner,
        title="供水管网漏损控制",
        series=["engineering"],
        recommended_on="2026-03-01",
        recommended_by=owner,
    )
    make_course(owner, title="合理用药", series=["health"], levels=["senior"])
    assert titles(client.get(f"{API}/courses", {"q": "民法典"})) == {"民法典解读"}
    assert titles(client.get(f"{API}/courses", {"q": "新疆大学"})) == {
        "民法典解读",
        "供水管网漏损控制",
        "合理用药",
    }
    assert titles(client.get(f"{API}/courses", {"kind": "public"})) == {"民法典解读"}
    assert titles(client.get(f"{API}/courses", {"category": "law"})) == {"民法典解读"}
    assert titles(client.get(f"{API}/courses", {"series": "health"})) == {"民法典解读", "合理用药"}
    assert titles(client.get(f"{API}/courses", {"level": "junior"})) == {"民法典解读", "供水管网漏损控制"}
    assert titles(client.get(f"{API}/courses", {"recommended": "true"})) == {"供水管网漏损控制"}
    response = client.get(f"{API}/courses", {"series": "astrology"})
    assert_field_error(response, 422, "series")


def test_pagination(client, authorities):
    for number in range(5):
        make_course(authorities["hr_region"], title=f"课程{number}")
    page = client.get(f"{API}/courses", {"limit": 2, "offset": 4}).json()
    assert page["count"] == 5 and [item["title"] for item in page["items"]] == ["课程4"]


def test_guides_by_year_and_subject_search(client, catalogue, authorities):
    from jxjy.catalogue.tests.conftest import make_guide

    make_guide(authorities["hr_region"], year=2025, title="2025年度公需科目指南")
    assert titles(client.get(f"{API}/guides", {"year": 2025})) == {"2025年度公需科目指南"}
    found = titles(client.get(f"{API}/guides", {"q": "天山区人力资源和社会保障局法治"}))
    assert found == {catalogue["hr_tianshan"]["guide"].title}
    guide = catalogue["hr_tianshan"]["guide"]
    body = client.get(f"{API}/guides/{guide.pk}").json()
    assert [subject["public_category"] for subject in body["subjects"]] == ["law"]
    subjects = client.get(f"{API}/subjects", {"year": 2025}).json()
    assert subjects["count"] == 1


def test_industry_officer_creates_and_recommends_a_course(client, authorities, industry_water):
    response = call(client, industry_water, "post", f"{API}/courses", new_course(authorities["water"]))
    assert response.status_code == 201, response.content.decode()
    course_id = response.json()["id"]
    assert AuditEntry.objects.filter(action="catalogue.course.create", object_id=str(course_id)).exists()
    response = call(client, industry_water, "post", f"{API}/courses/{course_id}/recommend", {})
    assert response.json()["is_recommended"] is True
    assert response.json()["recommended_by_id"] == authorities["water"].pk
    response = call(client, industry_water, "post", f"{API}/courses/{course_id}/unrecommend")
    assert response.json()["is_recommended"] is False


def test_create_refusals_name_the_field(client, authorities, industry_water, zhao_county):
    response = call(
        client, industry_water, "post", f"{API}/courses", new_course(authorities["water"], kind="public")
    )
    assert_field_error(response, 422, "public_category")
    response = call(client, zhao_county, "post", f"{API}/courses", new_course(authorities["hr_urumqi"]))
    assert_field_error(response, 422, "published_by_id", code="does_not_exist")
    response = call(
        client, zhao_county, "post", f"{API}/courses", new_course(authorities["hr_tianshan"], hours_tenths=0)
    )
    assert_field_error(response, 422, "hours_tenths")
    assert not Course.objects.exists()


def test_who_may_not_write(client, authorities, wang_fang):
    response = client.post(
        f"{API}/courses", new_course(authorities["water"]), content_type="application/json"
    )
    assert response.status_code == 401
    response = call(client, wang_fang, "post", f"{API}/courses", new_course(authorities["water"]))
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_update_in_scope_and_404_outside(client, catalogue, zhao_county):
    own = catalogue["hr_tianshan"]["textbook"]
    response = call(client, zhao_county, "patch", f"{API}/textbooks/{own.pk}", {"publication_year": 2024})
    assert response.status_code == 200 and response.json()["publication_year"] == 2024
    other = catalogue["hr_urumqi"]["textbook"]
    response = call(client, zhao_county, "patch", f"{API}/textbooks/{other.pk}", {"publication_year": 2024})
    assert response.status_code == 404


def test_guide_and_subject_writes(client, authorities, chen_region):
    payload = {
        "year": 2027,
        "kind": "professional",
        "title": "2027年度专业科目指南",
        "published_by_id": authorities["hr_region"].pk,
    }
    guide = call(client, chen_region, "post", f"{API}/guides", payload).json()
    assert guide["is_published"] is False
    subject = {"title": "企业会计准则新变化", "series": ["accounting"], "suggested_tenths": 60}
    response = call(client, chen_region, "post", f"{API}/guides/{guide['id']}/subjects", subject)
    assert response.status_code == 201, response.content.decode()
    assert client.logout() is None and client.get(f"{API}/guides/{guide['id']}").status_code == 404
    response = call(client, chen_region, "patch", f"{API}/guides/{guide['id']}", {"is_published": True})
    assert response.json()["published_on"] is not None
    client.logout()
    assert [s["series"] for s in client.get(f"{API}/guides/{guide['id']}").json()["subjects"]] == [
        ["accounting"]
    ]
    response = call(client, chen_region, "post", f"{API}/guides", payload)
    assert_field_error(response, 422, "__all__")
