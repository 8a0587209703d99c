"""The record pages: a professional reports with a real upload, the registrar works the queue (one
by one and in bulk), the detail shows history and evidence only in scope, and corrections."""

import pytest
from django.urls import reverse
from django.utils import timezone

from jxjy.records.choices import RecordStatus
from jxjy.records.models import LearningRecord
from jxjy.records.services import record_return, record_submit
from jxjy.testing.records import claim, png_file, registered


def _post_data(**overrides) -> dict:
    data = claim()
    post = {
        "form": data["form"],
        "activity": data["activity"],
        "subject_kind": data["subject_kind"],
        "public_category": "",
        "title": data["title"],
        "content": "",
        "organiser": data["organiser"],
        "start_date": data["start_date"].isoformat(),
        "end_date": data["end_date"].isoformat(),
        "quantity": "8",
        "item_level": "",
        "certificate_number": "",
        "year": "",
    }
    post.update(overrides)
    return post


def _submit(user, **overrides):
    return record_submit(actor=user, person=user.person, data=claim(**overrides), files=[png_file()])


def test_professional_reports_a_record_with_a_png(client, rules, wang_fang):
    client.force_login(wang_fang)
    page = client.get(reverse("records:create"))
    assert page.status_code == 200
    assert "培训班（按实际学时）" in page.content.decode()
    response = client.post(reverse("records:create"), {**_post_data(), "evidence": png_file()}, follow=True)
    record = LearningRecord.objects.get(person=wang_fang.person)
    assert response.redirect_chain[-1][0] == reverse("records:detail", args=[record.pk])
    assert record.status == RecordStatus.SUBMITTED and record.quantity_tenths == 80
    assert record.evidence.get().original_name == "证书.png"
    text = response.content.decode()
    assert "待登记" in text and "证书.png" in text and "提交申报" in text
    assert "天山区水务有限公司" in text


def test_field_errors_come_back_beside_the_fields_with_422(client, rules, wang_fang):
    client.force_login(wang_fang)
    bad = _post_data(quantity="8.25", title="")
    response = client.post(reverse("records:create"), bad)
    assert response.status_code == 422
    text = response.content.decode()
    assert "最多一位小数" in text and "这个字段是必填项" in text
    # Errors raised by the service (the rules) land on the form's fields too.
    response = client.post(reverse("records:create"), _post_data(quantity="0"))
    assert response.status_code == 422 and "数量须大于 0" in response.content.decode()
    response = client.post(reverse("records:create"), {**_post_data(), "evidence": _text_file()})
    assert response.status_code == 422 and "只接受 PDF、JPG 或 PNG 文件" in response.content.decode()
    assert not LearningRecord.objects.exists()


def _text_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("证书.png", b"not an image at all", content_type="image/png")


def test_officers_cannot_open_the_self_report_form(client, rules, li_qiang):
    client.force_login(li_qiang)
    assert client.get(reverse("records:create")).status_code == 404


def test_professional_list_shows_states_and_return_reason(client, rules, wang_fang, li_qiang):
    first = _submit(wang_fang, title="已退回的培训")
    record_return(actor=li_qiang, record=first, reason="证书照片看不清")
    registered(wang_fang, li_qiang, title="已登记的培训", certificate_number="A-1")
    client.force_login(wang_fang)
    text = client.get(reverse("records:list")).content.decode()
    assert "我的学习记录" in text and "证书照片看不清" in text
    assert "已退回" in text and "已登记" in text
    assert 'name="record_ids"' not in text


def test_queue_filters_and_only_own_registrar(client, rules, world, wang_fang, li_qiang, agency_clerk):
    _submit(wang_fang, title="水利培训")
    registered(wang_fang, li_qiang, title="早已登记的", certificate_number="B-1")
    client.force_login(li_qiang)
    text = client.get(reverse("records:list")).content.decode()
    assert "待登记记录" in text and "水利培训" in text and "早已登记的" not in text
    text = client.get(reverse("records:list"), {"status": "registered"}).content.decode()
    assert "早已登记的" in text and "水利培训" not in text
    text = client.get(reverse("records:list"), {"status": "", "q": "马建国"}).content.decode()
    assert "没有待登记的记录" in text
    partial = client.get(reverse("records:list"), {"flagged": "on"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "水利培训" not in partial.content.decode()
    client.force_login(agency_clerk)  # wang's records go to her unit, not to the agency
    assert "水利培训" not in client.get(reverse("records:list")).content.decode()


def test_bulk_registration_reports_registered_and_skipped(client, rules, wang_fang, li_qiang):
    good = _submit(wang_fang, title="第一期培训")
    unproven = record_submit(actor=wang_fang, person=wang_fang.person, data=claim(title="没有证书的培训"))
    client.force_login(li_qiang)
    response = client.post(
        reverse("records:register_bulk"),
        {"record_ids": [good.pk, unproven.pk], "next": reverse("records:list")},
        follow=True,
    )
    text = response.content.decode()
    assert "已登记 1 条" in text and "《第一期培训》（王芳）" in text
    assert "未登记 1 条" in text and "《没有证书的培训》（王芳）：该学习形式须上传证明材料" in text
    good.refresh_from_db()
    unproven.refresh_from_db()
    assert (good.status, unproven.status) == (RecordStatus.REGISTERED, RecordStatus.SUBMITTED)


def test_register_and_return_from_the_detail(client, rules, wang_fang, li_qiang):
    record = _submit(wang_fang)
    client.force_login(li_qiang)
    page = client.get(reverse("records:detail", args=[record.pk])).content.decode()
    assert "退回原因" in page and reverse("records:register", args=[record.pk]) in page
    response = client.post(reverse("records:return", args=[record.pk]), {"reason": ""})
    assert response.status_code == 422
    client.post(reverse("records:return", args=[record.pk]), {"reason": "请补充结业证书"})
    record.refresh_from_db()
    assert record.status == RecordStatus.RETURNED and record.return_reason == "请补充结业证书"
    # She amends it, which resubmits it; then it is registered.
    client.force_login(wang_fang)
    page = client.get(reverse("records:edit", args=[record.pk]))
    assert page.status_code == 200 and "请补充结业证书" in page.content.decode()
    client.post(reverse("records:edit", args=[record.pk]), _post_data(quantity="6", title="改过的培训"))
    record.refresh_from_db()
    assert (record.status, record.title, record.quantity_tenths) == (RecordStatus.SUBMITTED, "改过的培训", 60)
    client.force_login(li_qiang)
    response = client.post(reverse("records:register", args=[record.pk]), follow=True)
    assert "认定 6.0 学时" in response.content.decode()
    history = response.content.decode()
    assert all(word in history for word in ("提交申报", "退回", "修改并重新提交", "登记", "王芳", "李强"))


def test_flagged_record_needs_the_confirm_box(client, rules, wang_fang, li_qiang):
    day = claim()["end_date"]
    _submit(
        wang_fang, form="further_study", activity="further_study_days", quantity_tenths=10, title="进修一"
    )
    flagged = _submit(
        wang_fang, form="further_study", activity="further_study_days", quantity_tenths=10, end_date=day
    )
    assert flagged.flags
    client.force_login(li_qiang)
    page = client.get(reverse("records:detail", args=[flagged.pk])).content.decode()
    assert "已核实提示，确认登记" in page and "日期重叠" in page
    response = client.post(reverse("records:register", args=[flagged.pk]))
    assert response.status_code == 422 and "请核实后确认登记" in response.content.decode()
    client.post(reverse("records:register", args=[flagged.pk]), {"confirm_flags": "on"})
    flagged.refresh_from_db()
    assert flagged.status == RecordStatus.REGISTERED


def test_detail_and_evidence_only_in_scope(client, rules, wang_fang, li_qiang, other_officer):
    record = _submit(wang_fang)
    evidence = record.evidence.get()
    url = reverse("records:evidence", args=[record.pk, evidence.pk])
    client.force_login(li_qiang)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert client.get(reverse("records:evidence", args=[record.pk, evidence.pk + 999])).status_code == 404
    client.force_login(other_officer)
    assert client.get(url).status_code == 404
    assert client.get(reverse("records:detail", args=[record.pk])).status_code == 404


def test_professional_adds_evidence_to_a_waiting_record(client, rules, wang_fang):
    record = record_submit(actor=wang_fang, person=wang_fang.person, data=claim())
    client.force_login(wang_fang)
    response = client.post(
        reverse("records:evidence_add", args=[record.pk]), {"evidence": png_file("补充.png")}
    )
    assert response.status_code == 302
    assert list(record.evidence.values_list("original_name", flat=True)) == ["补充.png"]


@pytest.mark.parametrize("who", ["li_qiang", "zhao_county"])
def test_correction_page_reverses_and_replaces(client, rules, wang_fang, li_qiang, who, request):
    record = registered(wang_fang, li_qiang, certificate_number="C-9")
    client.force_login(request.getfixturevalue(who))
    assert "更正" in client.get(reverse("records:detail", args=[record.pk])).content.decode()
    url = reverse("records:correct", args=[record.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 422
    response = client.post(url, {"reason": "学时填错", "quantity": "6"}, follow=True)
    record.refresh_from_db()
    assert record.status == RecordStatus.REVERSED
    new = LearningRecord.objects.get(corrects=record)
    assert new.recognised_tenths == 60 and response.redirect_chain[-1][0].endswith(f"/{new.pk}/")
    original_page = client.get(reverse("records:detail", args=[record.pk])).content.decode()
    assert "学时填错" in original_page and "已冲正" in original_page


def test_professional_cannot_correct(client, rules, wang_fang, li_qiang):
    record = registered(wang_fang, li_qiang)
    client.force_login(wang_fang)
    assert client.get(reverse("records:correct", args=[record.pk])).status_code == 404
    assert client.get(reverse("records:edit", args=[record.pk])).status_code == 404


def test_posts_need_the_csrf_token(rules, wang_fang, li_qiang):
    from django.test import Client

    record = _submit(wang_fang)
    client = Client(enforce_csrf_checks=True)
    client.force_login(li_qiang)
    assert client.post(reverse("records:register", args=[record.pk])).status_code == 403
    assert client.post(reverse("records:register_bulk"), {"record_ids": [record.pk]}).status_code == 403


def test_home_page_shows_progress_and_next_step(client, rules, wang_fang, li_qiang):
    registered(wang_fang, li_qiang, title="计入的培训")
    returned = _submit(wang_fang, title="被退回的培训", certificate_number="R-1")
    record_return(actor=li_qiang, record=returned, reason="缺少证书")
    client.force_login(wang_fang)
    text = client.get(reverse("access:home")).content.decode()
    assert '总学时 <strong class="progress-value">8.0</strong> / 90 学时' in text
    assert '专业科目 <strong class="progress-value">8.0</strong> / 60 学时' in text
    assert "还差 82 学时，请继续学习并申报" in text
    assert "已退回 1 条记录，请修改后重新提交" in text and "被退回的培训" in text
    _submit(wang_fang, title="等待登记的培训", certificate_number="W-1")
    client.force_login(li_qiang)
    assert "待登记记录 1 条" in client.get(reverse("access:home")).content.decode()


def test_base_registrar_issues_a_certificate_from_the_page(client, rules, world, base_registrar, li_qiang):
    client.force_login(base_registrar)
    assert "颁发学习记录" in client.get("/").content.decode()
    end = timezone.localdate().replace(month=1, day=15)
    form = {
        "person_id_number": world["doctor"].id_number,
        "person_name": world["doctor"].name,
        "form": "training_class",
        "activity": "training_hours",
        "subject_kind": "professional",
        "title": "医院感染管理培训班",
        "start_date": end.isoformat(),
        "end_date": end.isoformat(),
        "quantity": "8",
        "certificate_number": "",
    }
    missing = client.post("/records/issue/", form)
    assert missing.status_code == 422 and "这个字段是必填项" in missing.content.decode()
    wrong_name = client.post("/records/issue/", {**form, "certificate_number": "JD-9", "person_name": "李四"})
    assert wrong_name.status_code == 422 and "平台上没有此身份号码和姓名" in wrong_name.content.decode()
    issued = client.post("/records/issue/", {**form, "certificate_number": "JD-9"})
    assert issued.status_code == 302
    record = LearningRecord.objects.get(certificate_number="JD-9")
    assert (record.status, record.issuer, record.organiser) == (
        "registered",
        world["base"],
        world["base"].name,
    )
    client.force_login(li_qiang)
    assert client.get("/records/issue/").status_code == 404
