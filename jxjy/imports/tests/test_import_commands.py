"""The two import commands as HR data staff use them: the modes, the row report, the report fixed and
imported again, the plain and JSON summaries, and the exit codes."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from python_calamine import CalamineWorkbook

from jxjy.imports.tests.test_import_pipeline import RECORD_HEADER, write_csv
from jxjy.people.models import Person
from jxjy.records.models import LearningRecord

ROSTER_HEADER = ["公民身份号码", "姓名", "职称系列", "职称级别", "在职状态"]


@pytest.fixture
def roster(tmp_path, world):
    """For unit A: Wang as registered, her colleague promoted, and Dr. Liu of another unit."""
    wang, colleague, doctor = world["wang"], world["colleague"], world["doctor"]
    rows = [
        [wang.id_number, wang.name, wang.get_series_display(), wang.get_level_display(), "在职"],
        [colleague.id_number, colleague.name, "会计", "正高级", "在职"],
        [doctor.id_number, doctor.name, "卫生", "副高级", "在职"],
    ]
    return write_csv(tmp_path / "花名册.csv", ROSTER_HEADER, rows)


def json_out(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def test_import_people_in_each_mode(rules, world, roster, capsys):
    unit = world["unit_a"].credit_code
    colleague = world["colleague"]

    call_command("import_people", str(roster), "--unit", unit, "--mode", "check", "--json")
    checked = json_out(capsys)
    assert (checked["already_present"], checked["updated"], checked["refused"]) == (1, 1, 1)
    assert [(e["row"], e["column"], e["code"]) for e in checked["errors"]] == [
        (4, "公民身份号码", "person_in_other_unit")
    ]
    assert Person.objects.get(pk=colleague.pk).level == colleague.level  # check wrote nothing

    with pytest.raises(SystemExit) as refused:
        call_command("import_people", str(roster), "--unit", unit, "--mode", "all", "--json")
    assert refused.value.code == 1 and json_out(capsys)["updated"] == 0
    assert Person.objects.get(pk=colleague.pk).level == colleague.level  # nothing written

    call_command("import_people", str(roster), "--unit", unit)  # valid rows, plain summary
    out = capsys.readouterr().out
    assert "更新 1" in out and "未导入 1" in out and "第 4 行 [公民身份号码] person_in_other_unit" in out
    assert Person.objects.get(pk=colleague.pk).level == "senior"


def test_the_report_fixed_and_imported_again(rules, world, class_file, tmp_path, capsys):
    """The registrar fixes the refused rows in the report and imports the report itself: its two
    added columns are ignored, the rows already in say so, the fixed one goes in."""
    base = world["base"].credit_code
    report = tmp_path / "结果报告.xlsx"
    call_command("import_records", str(class_file), "--issuer", base, "--report", str(report), "--json")
    assert json_out(capsys)["imported"] == 3

    rows = CalamineWorkbook.from_path(str(report)).get_sheet_by_index(0).to_python()
    assert rows[0] == [*RECORD_HEADER, "导入结果", "错误说明"]
    assert [row[-2] for row in rows[1:]] == ["已导入", "已导入", "已导入", "未导入", "未导入"]
    assert rows[4][-1].startswith("公民身份号码：")
    fixed = [[str(cell) for cell in row] for row in rows[1:]]
    fixed[3][0] = world["doctor"].id_number  # the unknown ID number, corrected
    fixed[4][RECORD_HEADER.index("开始日期")] = fixed[4][RECORD_HEADER.index("结束日期")]  # dates in order
    again = write_csv(tmp_path / "改正后.csv", rows[0], fixed)

    call_command("import_records", str(again), "--issuer", base, "--json")
    summary = json_out(capsys)
    assert (summary["imported"], summary["already_present"], summary["refused"]) == (2, 3, 0)
    assert LearningRecord.objects.filter(issuer=world["base"]).count() == 5


def test_the_refused_rows_alone_written_beside_the_summary(rules, world, class_file, tmp_path, capsys):
    """--refused-rows: the refused rows alone, each with its row in the file (no --report needed)."""
    refused = tmp_path / "错误行.xlsx"
    base = world["base"].credit_code
    call_command(
        "import_records", str(class_file), "--issuer", base, "--refused-rows", str(refused), "--json"
    )
    assert json_out(capsys)["refused"] == 2
    rows = CalamineWorkbook.from_path(str(refused)).get_sheet_by_index(0).to_python()
    assert rows[0] == [*RECORD_HEADER, "导入结果", "错误说明", "原文件行号"]
    assert [(row[0], row[-3], row[-1]) for row in rows[1:]] == [
        ("11010519491231002X", "未导入", 5),
        (world["wang"].id_number, "未导入", 6),
    ]


def test_what_the_command_cannot_start_with_exits_2(rules, world, class_file, tmp_path):
    base = world["base"].credit_code
    with pytest.raises(CommandError) as missing:
        call_command("import_records", str(tmp_path / "没有这个文件.csv"), "--issuer", base)
    assert missing.value.returncode == 2 and "文件不存在" in str(missing.value)
    with pytest.raises(CommandError) as unknown:
        call_command("import_records", str(class_file), "--issuer", "91650100MA00000000")
    assert unknown.value.returncode == 2
    with pytest.raises(CommandError) as not_a_base:  # a unit's code is not a base's
        call_command("import_records", str(class_file), "--issuer", world["unit_a"].credit_code)
    assert not_a_base.value.returncode == 2
    assert not LearningRecord.objects.exists()


def test_a_roster_update_says_what_changed_and_leaves_an_audit_entry_per_person(
    rules, world, roster, tmp_path, capsys
):
    from jxjy.audit.models import AuditEntry

    colleague = world["colleague"]
    report = tmp_path / "名册结果.xlsx"
    call_command("import_people", str(roster), "--unit", world["unit_a"].credit_code, "--report", str(report))
    rows = CalamineWorkbook.from_path(str(report)).get_sheet_by_index(0).to_python()
    assert [row[-2:] for row in rows[1:3]] == [["已存在", ""], ["已更新", "职称级别：中级 → 正高级"]]
    entry = AuditEntry.objects.get(action="person.update", object_id=str(colleague.pk))
    assert (entry.before, entry.after) == ({"level": "intermediate"}, {"level": "senior"})
    assert entry.role == "system"  # the command acts as the system
    assert AuditEntry.objects.filter(action="person.update").count() == 1  # the unchanged row: none
