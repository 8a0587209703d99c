"""Exports from the four lists (people, records, compliance, organisations): scope, full or masked
ID numbers by role, typed cells, the audit entry, and a query count that does not grow with the rows."""

import pytest
from django.urls import reverse
from django.utils import timezone

from jxjy.audit.models import AuditEntry
from jxjy.exports.tests.helpers import cell_formats, csv_rows, download, xlsx_rows
from jxjy.people.id_numbers import mask_id_number
from jxjy.testing.factories import PersonFactory
from jxjy.testing.records import record_row, registered

YEAR = timezone.localdate().year
MASKED_LABEL = "公民身份号码（已隐去部分号码）"


def _export(client, user, list_name: str, file_format: str = "xlsx", **params):
    client.force_login(user)
    response = client.get(reverse(f"{list_name}:list"), {"format": file_format, **params})
    assert response.status_code == 200
    body = download(response)
    return response, (xlsx_rows(body) if file_format == "xlsx" else csv_rows(body)), body


def _by_name(rows) -> dict[str, list]:
    return {row[0]: row for row in rows[1:]}


def test_unit_officer_gets_own_staff_with_full_id_numbers_as_text(client, world, li_qiang):
    response, rows, body = _export(client, li_qiang, "people")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f'filename="people-{timezone.localdate():%Y%m%d}.xlsx"' in response["Content-Disposition"]
    assert rows[0][:4] == ["姓名", "公民身份号码", "性别", "出生日期"]
    people = _by_name(rows)
    assert set(people) == {"王芳", "马建国"}
    assert people["王芳"][1] == world["wang"].id_number  # all 18 characters, a string
    assert people["王芳"][4] == "天山区水务有限公司" and people["王芳"][9] == "是"
    assert {cell_formats(body)[f"B{n}"] for n in (2, 3)} == {("inlineStr", "@")}


@pytest.mark.parametrize(
    ("persona", "names"),
    [
        ("industry_water", {"王芳", "马建国", "李娜"}),
        ("wang_fang", {"王芳"}),
        ("base_registrar", set()),
    ],
)
def test_other_roles_get_their_scope_with_masked_numbers(client, world, persona, names, request):
    user = request.getfixturevalue(persona)
    _response, rows, _body = _export(client, user, "people", "csv")
    assert rows[0][1] == MASKED_LABEL
    people = _by_name(rows)
    assert set(people) == names
    numbers = {person.name: person.id_number for person in world.values() if hasattr(person, "id_number")}
    for name, row in people.items():
        assert row[1] == mask_id_number(numbers[name]) and "*" in row[1]


def test_another_units_officer_exports_none_of_unit_a(client, world, other_officer):
    _response, rows, _body = _export(client, other_officer, "people")
    assert set(_by_name(rows)) == {"艾力"}
    assert rows[1][1] == world["doctor"].id_number  # their own staff, in full


def test_region_officer_gets_the_region_in_full_and_the_filters_apply(client, world, chen_region):
    _response, rows, _body = _export(client, chen_region, "people")
    assert rows[0][1] == "公民身份号码"
    assert "外省人员" not in _by_name(rows) and len(rows) == 7
    _response, rows, _body = _export(client, chen_region, "people", "csv", q="王芳")
    assert [row[:2] for row in rows[1:]] == [["王芳", world["wang"].id_number]]


def test_the_export_is_on_the_audit_log(client, world, li_qiang):
    _export(client, li_qiang, "people", "csv", series="engineering")
    entry = AuditEntry.objects.get(action="export.people")
    assert entry.actor_id == li_qiang.pk and entry.role == "unit_officer"
    assert entry.object_type == "people.person"
    assert entry.after["rows"] == 1 and entry.after["format"] == "csv"
    assert entry.after["full_id_numbers"] is True
    assert entry.after["filters"]["series"] == "engineering"


def test_csv_guards_formulas_in_names(client, world, li_qiang):
    PersonFactory(name="=1+2", unit=world["unit_a"])
    _response, rows, _body = _export(client, li_qiang, "people", "csv")
    assert "'=1+2" in _by_name(rows)


def test_anonymous_is_sent_to_log_in_and_a_bad_format_shows_the_page(client, world, li_qiang):
    response = client.get(reverse("people:list"), {"format": "xlsx"})
    assert (
        response.status_code == 302 and not AuditEntry.objects.filter(action__startswith="export.").exists()
    )
    client.force_login(li_qiang)
    response = client.get(reverse("people:list"), {"format": "pdf"})
    assert response["Content-Type"].startswith("text/html")
    assert "format=xlsx" in response.content.decode() and "导出 Excel" in response.content.decode()


@pytest.mark.parametrize("staff", [5, 50])
def test_queries_do_not_grow_with_rows(client, world, li_qiang, staff, django_assert_max_num_queries):
    for index in range(staff):
        PersonFactory(name=f"员工{index}", unit=world["unit_a"])
    client.force_login(li_qiang)
    client.get(reverse("people:list"))  # warm the session
    # session, user, grants, full-ID check, count, audit write (7 with its savepoint), ONE query for
    # all the rows, the session save (3).
    with django_assert_max_num_queries(15):
        response = client.get(reverse("people:list"), {"format": "xlsx"})
    assert len(xlsx_rows(download(response))) == staff + 3


def test_records_export_queue_and_hours(client, rules, world, wang_fang, li_qiang):
    registered(wang_fang, li_qiang)
    record_row(world["colleague"])  # waiting in li_qiang's queue
    _response, rows, body = _export(client, li_qiang, "records", status="")
    assert rows[0][:4] == ["姓名", "公民身份号码", "工作单位", "学习项目名称"]
    records = _by_name(rows)
    assert set(records) == {"王芳", "马建国"}
    assert records["王芳"][1] == world["wang"].id_number
    assert records["王芳"][10:13] == [8.0, 8.0, "已登记"]
    assert records["马建国"][11:13] == ["", "待登记"]
    assert {cell_formats(body)[f"K{n}"][1] for n in (2, 3)} == {"0.0"}
    assert AuditEntry.objects.get(action="export.records").after["rows"] == 2


def test_records_of_someone_not_editable_mask_the_whole_file(client, world, li_qiang):
    """A record li_qiang's unit registers for someone now at another unit: not li_qiang's to see
    in full, so no number in the file is."""
    record_row(world["wang"])
    record_row(world["plumber"], registrar=world["unit_a"])
    _response, rows, _body = _export(client, li_qiang, "records", "csv")
    assert rows[0][1] == MASKED_LABEL and len(rows) == 3
    assert world["wang"].id_number not in str(rows)


def test_records_export_of_another_unit_is_empty(client, world, other_officer):
    record_row(world["wang"])
    _response, rows, _body = _export(client, other_officer, "records")
    assert rows == [rows[0]]


def test_compliance_export_xlsx(client, rules, world, wang_fang, li_qiang, industry_water):
    registered(wang_fang, li_qiang)
    response, rows, body = _export(client, li_qiang, "compliance", year=YEAR)
    assert f'filename="compliance-{YEAR}.xlsx"' in response["Content-Disposition"]
    people = _by_name(rows)
    assert set(people) == {"王芳", "马建国"}
    assert people["王芳"][1] == world["wang"].id_number
    assert people["王芳"][5:9] == [8.0, 0.0, 8.0, "否"]
    assert cell_formats(body)["H2"][1] == "0.0"
    entry = AuditEntry.objects.get(action="export.compliance")
    assert entry.after["filters"]["year"] == YEAR and entry.after["rows"] == 2
    _response, rows, _body = _export(client, industry_water, "compliance", "csv", year=YEAR)
    assert rows[0][1] == MASKED_LABEL and world["wang"].id_number not in str(rows)


def test_region_officer_exports_the_organisations_of_the_region(client, world, chen_region):
    response, rows, body = _export(client, chen_region, "organizations")
    assert f'filename="organizations-{timezone.localdate():%Y%m%d}.xlsx"' in response["Content-Disposition"]
    assert rows[0] == [
        "名称", "统一社会信用代码", "机构类别", "单位性质", "所在行政区划", "所属行业", "重点领域",
        "地址", "联系人", "联系电话", "有效",
    ]  # fmt: skip
    organizations = _by_name(rows)
    assert "银川市某公司" not in organizations  # another province
    region_wide = {"天山区水务有限公司", "伊宁市人民医院", "天山区人才服务中心", "乌鲁木齐继续教育基地"}
    assert region_wide <= set(organizations)
    school = organizations["天山区第一中学"]
    assert school[1] == world["unit_a2"].credit_code
    assert school[2:7] == ["用人单位", "事业单位", world["unit_a2"].region.name, "教育", "否"]
    assert school[10] == "是"
    assert organizations["乌鲁木齐继续教育基地"][2] == "继续教育基地"
    assert cell_formats(body)["B2"][0] == "inlineStr"  # a credit code stays text, all 18 characters
    entry = AuditEntry.objects.get(action="export.organizations")
    assert entry.object_type == "organizations.organization" and entry.role == "hr_officer"
    assert entry.after["rows"] == len(rows) - 1 and entry.after["full_id_numbers"] is False


def test_the_organisation_filters_apply_to_the_file(client, world, chen_region):
    _response, rows, _body = _export(client, chen_region, "organizations", "csv", kind="base")
    base = ["乌鲁木齐继续教育基地", world["base"].credit_code, "继续教育基地"]
    assert [row[:3] for row in rows[1:]] == [base]
    _response, rows, _body = _export(
        client, chen_region, "organizations", "csv", kind="unit", industry="D", region="650102"
    )
    assert [row[0] for row in rows[1:]] == ["天山区水务有限公司"]


def test_a_unit_officer_exports_only_what_the_organisation_list_shows_them(client, world, li_qiang):
    client.force_login(li_qiang)
    page = client.get(reverse("organizations:list")).content.decode()
    _response, rows, _body = _export(client, li_qiang, "organizations", "csv")
    names = {row[0] for row in rows[1:]}
    assert "天山区水务有限公司" in names and "伊宁市人民医院" not in names
    assert all(name in page for name in names)
    assert "导出 Excel" in page and "format=csv" in page
