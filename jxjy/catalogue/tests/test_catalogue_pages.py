"""The public catalogue pages and the authorities' forms."""

from jxjy.audit.models import AuditEntry
from jxjy.catalogue.models import Course
from jxjy.catalogue.tests.conftest import make_course, make_guide


def results(response) -> str:
    assert response.status_code == 200
    return response.content.decode().split('id="results"')[1]


def test_anyone_reads_the_catalogue_and_the_nav_links_to_it(client, authorities, catalogue):
    make_guide(authorities["hr_region"], year=2025, title="草稿指南", is_published=False)
    response = client.get("/catalogue/")
    page = response.content.decode()
    assert 'href="/catalogue/"' in page and "科目与课程" in page
    assert catalogue["hr_region"]["guide"].title in results(response)
    assert "草稿指南" not in page
    assert "新增指南" not in page


def test_course_filters_and_search(client, authorities):
    owner = authorities["hr_region"]
    make_course(
        owner, title="智慧水务", series=["engineering"], recommended_on="2026-03-01", recommended_by=owner
    )
    make_course(owner, title="合理用药", series=["health"])
    assert "合理用药" not in results(client.get("/catalogue/courses/", {"recommended": "on"}))
    assert "智慧水务" in results(client.get("/catalogue/courses/", {"recommended": "on"}))
    shown = results(client.get("/catalogue/courses/", {"series": "health"}))
    assert "合理用药" in shown and "智慧水务" not in shown
    shown = results(client.get("/catalogue/courses/", {"q": "水务"}))
    assert "智慧水务" in shown and "合理用药" not in shown


def test_htmx_gets_the_results_only(client, catalogue):
    response = client.get("/catalogue/textbooks/", HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert catalogue["water"]["textbook"].title in response.content.decode()


def test_detail_pages_public_and_drafts_hidden(client, authorities, catalogue):
    guide = catalogue["water"]["guide"]
    response = client.get(f"/catalogue/guides/{guide.pk}/")
    assert "乌鲁木齐市水务局法治政府建设" in response.content.decode()
    assert client.get(f"/catalogue/courses/{catalogue['water']['course'].pk}/").status_code == 200
    draft = make_course(authorities["water"], is_published=False)
    assert client.get(f"/catalogue/courses/{draft.pk}/").status_code == 404


def test_authority_form_shows_errors_beside_each_field(client, authorities, industry_water):
    client.force_login(industry_water)
    assert "新增课程" in client.get("/catalogue/courses/").content.decode()
    data = {
        "title": "",
        "kind": "public",
        "provider": "某机构",
        "hours_tenths": "1.25",
        "published_by": authorities["water"].pk,
    }
    response = client.post("/catalogue/courses/new/", data)
    assert response.status_code == 422
    page = response.content.decode()
    assert page.count('class="form-row has-error"') == 2  # title and hours
    response = client.post("/catalogue/courses/new/", {**data, "title": "城镇供水", "hours_tenths": "1.5"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "公需科目须注明内容类别" in page.split('for="id_public_category"')[1].split("</div>")[0]
    response = client.post(
        "/catalogue/courses/new/",
        {**data, "title": "城镇供水", "hours_tenths": "1.5", "kind": "professional"},
    )
    course = Course.objects.get()
    assert response.status_code == 302 and response.url == f"/catalogue/courses/{course.pk}/"
    assert course.hours_tenths == 15 and course.published_by == authorities["water"]


def test_recommend_button(client, catalogue, industry_water):
    course = catalogue["water"]["course"]
    client.force_login(industry_water)
    assert "标记为推荐" in client.get(f"/catalogue/courses/{course.pk}/").content.decode()
    response = client.post(f"/catalogue/courses/{course.pk}/recommend/")
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.is_recommended
    assert AuditEntry.objects.filter(action="catalogue.course.recommend").exists()
    assert "撤销推荐" in client.get(f"/catalogue/courses/{course.pk}/").content.decode()
    client.post(f"/catalogue/courses/{course.pk}/unrecommend/")
    course.refresh_from_db()
    assert not course.is_recommended


def test_edit_subject_keeps_hours_in_tenths(client, catalogue, zhao_county):
    subject = catalogue["hr_tianshan"]["guide"].subjects.get()
    client.force_login(zhao_county)
    form = client.get(f"/catalogue/subjects/{subject.pk}/edit/").content.decode()
    assert subject.title in form
    data = {
        "title": subject.title,
        "public_category": "law",
        "suggested_tenths": "2.5",
        "series": ["engineering"],
    }
    response = client.post(f"/catalogue/subjects/{subject.pk}/edit/", data)
    assert response.status_code == 302
    subject.refresh_from_db()
    assert (subject.suggested_tenths, subject.series) == (25, ["engineering"])


def test_maintenance_pages_need_login_and_scope(client, catalogue, zhao_county):
    guide = catalogue["hr_urumqi"]["guide"]
    response = client.get(f"/catalogue/guides/{guide.pk}/edit/")
    assert response.status_code == 302 and "/login/" in response.url
    client.force_login(zhao_county)
    assert client.get(f"/catalogue/guides/{guide.pk}/edit/").status_code == 404
    own = catalogue["hr_tianshan"]["guide"]
    assert client.get(f"/catalogue/guides/{own.pk}/edit/").status_code == 200
