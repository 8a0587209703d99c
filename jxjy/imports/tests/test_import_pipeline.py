"""Imports end to end on the database: a CE base's certificates and a unit's roster, each mode, the
exact row, column and code of every refused row, re-import adding nothing, and the command's exit
codes and JSON summary."""

import codecs
import csv
import datetime
import io
import json
from pathlib import Path

import pytest
import xlsxwriter
from django.core.management import call_command
from django.utils import timezone
from python_calamine import CalamineWorkbook

from jxjy.audit.models import AuditEntry
from jxjy.compliance.models import PendingYear, YearTotal
from jxjy.compliance.services import totals_refresh
from jxjy.imports.choices import ImportKind, ImportMode
from jxjy.imports.pipeline import import_file
from jxjy.people.models import Person
from jxjy.records.models import LearningRecord

RECORD_HEADER = [
    "公民身份号码",
    "姓名",
    "学习形式",
    "学时折算项目",
    "科目类别",
    "学习项目名称",
    "开始日期",
    "结束日期",
    "数量",
    "证书编号",
]


def record_row(person, number: str, **overrides) -> list:
    day = datetime.date(timezone.localdate().year, 1, 1).isoformat()  # never in the future
    values = {
        "公民身份号码": person.id_number,
        "姓名": person.name,
        "学习形式": "进修班、培训班、研修班",
        "学时折算项目": "培训班（按实际学时）",
        "科目类别": "专业科目",
        "学习项目名称": "新技术应用研修班",
        "开始日期": day,
        "结束日期": day,
        "数量": "8",
        "证书编号": number,
    }
    values.update(overrides)
    return [values[name] for name in RECORD_HEADER]


def write_csv(path: Path, header: list, rows: list[list], encoding: str = "utf-8-sig") -> Path:
    with open(path, "w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def run(path, world, mode=ImportMode.VALID, kind=ImportKind.RECORDS, org="base", report=None):
    return import_file(
        kind=kind, path=path, organization=world[org], actor=None, role="system", mode=mode, report=report
    )


def test_valid_rows_go_in_registered_and_each_refused_row_is_named(rules, world, class_file):
    summary = run(class_file, world)
    assert (summary.rows, summary.imported, summary.refused) == (5, 3, 2)
    assert [(e.row, e.column, e.code) for e in summary.errors] == [
        (5, "公民身份号码", "person_not_found"),
        (6, "结束日期", "dates_reversed"),
    ]
    records = LearningRecord.objects.filter(issuer=world["base"]).order_by("certificate_number")
    assert [(r.certificate_number, r.status, r.recognised_tenths) for r in records] == [
        ("JD-1", "registered", 80),
        ("JD-2", "registered", 80),
        ("JD-3", "registered", 45),
    ]
    assert abs(timezone.now() - records[0].registered_at) < datetime.timedelta(minutes=5)
    assert records[0].flags == [] and records[0].start_date.year == timezone.localdate().year
    year = records[0].year
    kept = YearTotal.objects.get(person=world["wang"], year=year)
    assert (kept.professional_tenths, kept.met, kept.rule_version) == (125, False, f"{year}-v1")
    assert not PendingYear.objects.exists()  # each year evaluated at the end
    fresh = totals_refresh(person=world["wang"], year=year)  # the single-record path agrees
    assert (fresh.professional_tenths, fresh.total_tenths, fresh.met) == (125, 125, False)
    entry = AuditEntry.objects.get(action="import.records")
    assert entry.after["created"] == 3 and entry.after["file"] == "结业名单.csv"


def test_a_class_named_by_its_kind_goes_in_as_its_form(rules, world, tmp_path):
    """ "培训班" is one of the names of art. 12's first form: read so on both paths (a plain row, settled
    by the database, and a row with a stray space, read cell by cell). "培训" could be two forms."""
    wang = world["wang"]
    rows = [
        record_row(wang, "K-1", 学习形式="培训班"),
        record_row(wang, "K-2", 学习形式="研修班 "),
        record_row(wang, "K-3", 学习形式="培训"),
    ]
    summary = run(write_csv(tmp_path / "班次.csv", RECORD_HEADER, rows), world)
    assert (summary.imported, summary.refused) == (2, 1)
    forms = LearningRecord.objects.filter(issuer=world["base"]).values_list("certificate_number", "form")
    assert sorted(forms) == [("K-1", "training_class"), ("K-2", "training_class")]
    [error] = summary.errors
    assert (error.row, error.column, error.code) == (4, "学习形式", "choice_invalid")
    assert "只能填写：“进修班、培训班、研修班”、“在教学、科研、生产单位进修”" in error.message


def test_reimport_adds_nothing_and_says_already_present(rules, world, class_file):
    run(class_file, world)
    again = run(class_file, world)
    assert (again.imported, again.already_present, again.refused) == (0, 3, 2)
    assert LearningRecord.objects.count() == 3
    assert (
        YearTotal.objects.get(person=world["wang"], year=timezone.localdate().year).professional_tenths == 125
    )


def test_all_or_nothing_leaves_the_database_as_it_was(rules, world, class_file):
    before = (LearningRecord.objects.count(), YearTotal.objects.count(), AuditEntry.objects.count())
    summary = run(class_file, world, mode=ImportMode.ALL)
    assert summary.rolled_back and summary.as_dict()["imported"] == 0 and summary.refused == 2
    assert (LearningRecord.objects.count(), YearTotal.objects.count(), AuditEntry.objects.count()) == before


def test_check_mode_writes_nothing_but_reports_everything(rules, world, class_file):
    summary = run(class_file, world, mode=ImportMode.CHECK)
    assert (summary.imported, summary.refused) == (3, 2)
    assert (
        LearningRecord.objects.count() == 0
        and not AuditEntry.objects.filter(action="import.records").exists()
    )


def test_same_certificate_twice_in_a_file_and_for_another_person(rules, world, tmp_path):
    doctor, wang = world["doctor"], world["wang"]
    path = write_csv(tmp_path / "dup.csv", RECORD_HEADER, [record_row(doctor, "A"), record_row(wang, "A")])
    summary = run(path, world)
    assert [(e.row, e.code) for e in summary.errors] == [(3, "duplicate_in_file")]
    other = write_csv(tmp_path / "other.csv", RECORD_HEADER, [record_row(wang, "A")])
    assert [(e.row, e.code) for e in run(other, world).errors] == [(2, "duplicate_certificate")]


def test_gbk_csv_and_utf16_text_as_excel_writes_them(rules, world, tmp_path):
    rows = [record_row(world["doctor"], "G-1")]
    gbk = write_csv(tmp_path / "gbk.csv", RECORD_HEADER, rows, encoding="gb18030")
    assert run(gbk, world).imported == 1
    text = io.StringIO()
    csv.writer(text, delimiter="\t").writerows([RECORD_HEADER, record_row(world["doctor"], "U-1")])
    utf16 = tmp_path / "unicode.txt"
    utf16.write_bytes(codecs.BOM_UTF16_LE + text.getvalue().encode("utf-16-le"))
    assert run(utf16, world).imported == 1


def test_xlsx_with_an_id_number_excel_turned_into_a_number(rules, world, tmp_path):
    path = tmp_path / "名单.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, RECORD_HEADER)
    good = record_row(world["doctor"], "X-1")
    bad = record_row(world["wang"], "X-2")
    sheet.write_row(1, 0, good)
    sheet.write_number(2, 0, float(world["wang"].id_number[:17] + "0"))
    sheet.write_row(2, 1, bad[1:])
    book.close()
    summary = run(path, world)
    assert summary.imported == 1
    assert [(e.row, e.column, e.code) for e in summary.errors] == [(3, "公民身份号码", "id_number_as_number")]


@pytest.mark.parametrize(
    ("mode", "good", "written"),
    [
        (ImportMode.VALID, "已导入", 3),
        (ImportMode.CHECK, "检查通过", 0),  # nothing was written: the good rows are not called imported
        (ImportMode.ALL, "未导入", 0),  # refused whole for its two bad rows
    ],
)
def test_report_has_the_rows_and_the_reasons(rules, world, class_file, tmp_path, mode, good, written):
    report = tmp_path / "report.xlsx"
    arguments = [
        str(class_file),
        "--issuer",
        world["base"].credit_code,
        "--mode",
        mode,
        "--report",
        str(report),
    ]
    if mode == ImportMode.ALL:
        with pytest.raises(SystemExit):
            call_command("import_records", *arguments)
    else:
        call_command("import_records", *arguments)
    rows = CalamineWorkbook.from_path(str(report)).get_sheet_by_index(0).to_python()
    assert rows[0] == [*RECORD_HEADER, "导入结果", "错误说明"]
    assert [row[-2] for row in rows[1:]] == [good, good, good, "未导入", "未导入"]
    assert rows[4][-1].startswith("公民身份号码：") and rows[1][-1] == ""
    assert LearningRecord.objects.count() == written


def test_roster_adds_updates_and_refuses_other_units_staff(rules, world, tmp_path):
    from jxjy.testing.codes import make_id_number

    header = ["公民身份号码", "姓名", "职称系列", "职称级别", "在职状态"]
    wang, doctor = world["wang"], world["doctor"]
    new_id = make_id_number("650102", datetime.date(1990, 5, 6), 77, male=True)
    rows = [
        [wang.id_number, wang.name, wang.get_series_display(), wang.get_level_display(), "在职"],
        [world["colleague"].id_number, "马建国", "会计", "正高级", "在职"],
        [new_id, "新同事", "工程", "初级", ""],
        [doctor.id_number, doctor.name, "卫生", "副高级", "在职"],
    ]
    path = write_csv(tmp_path / "roster.csv", header, rows)
    summary = run(path, world, kind=ImportKind.PEOPLE, org="unit_a")
    assert (summary.already_present, summary.updated, summary.imported, summary.refused) == (1, 1, 1, 1)
    assert [(e.row, e.code) for e in summary.errors] == [(5, "person_in_other_unit")]
    assert Person.objects.get(id_number=new_id).unit == world["unit_a"]
    assert Person.objects.get(pk=world["colleague"].pk).level == "senior"
    again = run(path, world, kind=ImportKind.PEOPLE, org="unit_a")
    assert (again.already_present, again.updated, again.imported) == (3, 0, 0)


def test_command_json_and_exit_codes(rules, world, class_file, tmp_path, capsys):
    base_code = world["base"].credit_code
    call_command("import_records", str(class_file), "--issuer", base_code, "--json")
    summary = json.loads(capsys.readouterr().out)
    assert {k: summary[k] for k in ("rows", "imported", "already_present", "updated", "refused")} == {
        "rows": 5,
        "imported": 3,
        "already_present": 0,
        "updated": 0,
        "refused": 2,
    }
    assert summary["errors"][0] == {
        "row": 5,
        "column": "公民身份号码",
        "code": "person_not_found",
        "message": "平台上没有此公民身份号码的专业技术人员",
    }
    with pytest.raises(SystemExit) as refused:
        call_command("import_records", str(class_file), "--issuer", base_code, "--mode", "all", "--json")
    assert refused.value.code == 1
    not_a_table = tmp_path / "名单.xlsx"
    not_a_table.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    with pytest.raises(SystemExit) as unreadable:
        call_command("import_records", str(not_a_table), "--issuer", base_code, "--json")
    assert unreadable.value.code == 2


def test_a_file_without_a_required_column_is_refused_whole(rules, world, tmp_path):
    header = [name for name in RECORD_HEADER if name != "证书编号"]
    path = write_csv(tmp_path / "旧模板.csv", header, [record_row(world["doctor"], "Z-1")[:-1]])
    summary = run(path, world)
    assert summary.file_refused.code == "missing_columns" and "证书编号" in summary.file_refused.message
    assert summary.rows == 0 and LearningRecord.objects.count() == 0
