"""The records import's set-wise lane decides a plain row exactly as the Python path does.

Random files (CSV, and XLSX with date and number cells) of rows that are mostly plain and often
subtly wrong (a name that is not the ID number's, a closed year, a reversed or future date, a
fractional day count, a public category on a professional subject, a number seen twice, an item
without its level...) are imported with the lane and again with every row on the Python path
(`RecordsImport.settle` switched off), twice each (the second run meets its own certificates), in
every mode and with batches of two rows (numbers repeated across batches). Summaries, errors,
records, yearly totals and the year results must be the same."""

import csv
import datetime
from unittest import mock

import xlsxwriter
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jxjy.catalogue.choices import PublicCategory, SubjectKind
from jxjy.compliance.models import YearFormTotal, YearTotal
from jxjy.imports import pipeline
from jxjy.imports.choices import ImportKind, ImportMode
from jxjy.imports.columns import choice_table
from jxjy.imports.kinds.records import COLUMNS, WRITTEN, RecordsImport
from jxjy.imports.pipeline import import_file
from jxjy.imports.tests.files import write_typed_row
from jxjy.records.models import LearningRecord
from jxjy.rules.choices import ItemLevel, StudyForm
from jxjy.testing.factories import PersonFactory

HEADER = [column.label for column in COLUMNS]
COMPARED = [name for name in WRITTEN if not name.endswith("_at")]


def cells_of(choices, *odd: str):
    return st.sampled_from(["", *choice_table(choices), *odd])


def day_cells(today: datetime.date):
    """Around the year boundaries the rules care about, and past today; mostly ISO text."""
    days = st.dates(
        min_value=datetime.date(today.year - 2, 12, 20), max_value=today + datetime.timedelta(days=5)
    )
    return st.one_of(
        days.map(datetime.date.isoformat),
        days,  # a date cell in XLSX, ISO text in CSV
        days.map(lambda day: f"{day.year}/{day.month}/{day.day}"),
        st.sampled_from(
            [f"{today.year}-02-29", f"{today.year}-13-01", f"{today.year}-04-31", "2026-1-5", ""]
        ),
    )


def files(people, ruleset, today):
    """Good rows (a person as registered, an activity of the year with its form, dates this year),
    each with up to three cells swapped for something plain-looking and perhaps wrong."""
    rules = list(ruleset.activity_rules.all())
    forms = {code: label for label, code in choice_table(StudyForm).items() if label != code}
    this_year = st.dates(min_value=datetime.date(today.year, 1, 1), max_value=today)

    def good_row(person, rule, by_code, day, quantity, level, category, number):
        return {
            "公民身份号码": person.id_number,
            "姓名": person.name,
            "学习形式": forms[rule.form] if not by_code else rule.form,
            "学时折算项目": rule.code if by_code else rule.name,
            "科目类别": "公需科目" if category else "专业科目",
            "公需科目内容": category,
            "学习项目名称": "新技术应用研修班",
            "学习内容": "",
            "开始日期": max(day - datetime.timedelta(days=9), datetime.date(today.year, 1, 1)).isoformat(),
            "结束日期": day.isoformat(),
            "数量": quantity,
            "级别": level,
            "证书编号": number,
        }

    good = st.builds(
        good_row,
        st.sampled_from(people),
        st.sampled_from(rules),
        st.booleans(),
        this_year,
        st.sampled_from(["1", "2", "8", "4"]),
        st.sampled_from(["自治区级", "national", "地州市级及以下"]),
        st.sampled_from(["", "法律法规", "ethics"]),
        st.integers(min_value=1, max_value=15).map(lambda number: f"C-{number}"),
    )
    swaps = st.dictionaries(st.sampled_from(HEADER), st.just(None), max_size=3).flatmap(
        lambda names: st.fixed_dictionaries({name: ODD[name](people, rules, today) for name in names})
    )
    one_row = st.builds(lambda row, swapped: {**row, **swapped}, good, swaps)
    return st.tuples(
        st.lists(one_row, min_size=1, max_size=7),
        st.sampled_from(["csv", "xlsx"]),
        st.sampled_from(list(ImportMode)),
    )


ODD = {
    "公民身份号码": lambda people, rules, today: st.sampled_from(
        [p.id_number for p in people] + ["650102198001010011", "", people[0].id_number.lower() + " "]
    ),
    "姓名": lambda people, rules, today: st.sampled_from([p.name for p in people] + ["王 芳", " 王芳", ""]),
    "学习形式": lambda people, rules, today: cells_of(StudyForm, "培训", " 远程教育"),
    "学时折算项目": lambda people, rules, today: st.sampled_from(
        ["", "不存在的项目", *sorted({r.code for r in rules} | {r.name for r in rules})]
    ),
    "科目类别": lambda people, rules, today: cells_of(SubjectKind, "公共"),
    "公需科目内容": lambda people, rules, today: cells_of(PublicCategory),
    "学习项目名称": lambda people, rules, today: st.sampled_from(
        ["新技术  研修班", "#REF!", "", "题" * 201, "a"]
    ),
    "学习内容": lambda people, rules, today: st.sampled_from(["理论讲授与案例研讨", "内" * 2001, " "]),
    "开始日期": lambda people, rules, today: day_cells(today),
    "结束日期": lambda people, rules, today: day_cells(today),
    "数量": lambda people, rules, today: st.one_of(
        st.sampled_from(["8", "0", "7.5", "0.5", "12.50", "1234567", "3", "1", "2", "-1", "1e3", "", "400"]),
        st.sampled_from([8, 2, 0, 7.5, 3.25, 999999.9]),
    ),
    "级别": lambda people, rules, today: cells_of(ItemLevel, "国际级"),
    "证书编号": lambda people, rules, today: st.sampled_from(["C-1", "C-7", " C-5", "", "号" * 65]),
}


def write_file(path_base, rows: list[dict], file_format: str):
    if file_format == "csv":
        path = path_base.with_suffix(".csv")
        with open(path, "w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(HEADER)
            writer.writerows([_text(row[name]) for name in HEADER] for row in rows)
        return path
    path = path_base.with_suffix(".xlsx")
    with xlsxwriter.Workbook(str(path)) as book:
        sheet, dates = book.add_worksheet(), book.add_format({"num_format": "yyyy-mm-dd"})
        sheet.write_row(0, 0, HEADER)
        for line, row in enumerate(rows, 1):
            write_typed_row(sheet, line, [row[name] for name in HEADER], dates)
    return path


def _text(value) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def outcome(path, base, registrar, mode) -> list:
    """Import the file twice; everything the two runs produced, for comparison."""
    runs = []
    for _run in range(2):
        summary = import_file(
            kind=ImportKind.RECORDS,
            path=path,
            organization=base,
            actor=registrar,
            role="base_registrar",
            mode=mode,
        )
        runs.append(summary.as_dict())
    records = sorted(LearningRecord.objects.filter(issuer=base).values_list(*COMPARED))
    totals = sorted(
        YearFormTotal.objects.values_list("person_id", "year", "form", "subject_kind", "tenths", "records")
    )
    years = sorted(
        YearTotal.objects.values_list(
            "person_id", "year", "met", "total_tenths", "public_tenths", "professional_tenths"
        )
    )
    return [runs, records, totals, years]


class _Undo(Exception):
    pass


def test_the_lane_and_the_python_path_agree_on_every_row(rules, world, base_registrar, tmp_path):
    today = timezone.localdate()
    people = [world["wang"], world["doctor"], PersonFactory(name="阿依古丽·买买提", unit=world["unit_a"])]
    counts = {"settled": 0, "examples": 0}
    original_settle = RecordsImport.settle

    def counting_settle(self, raw, columns):
        settled, rest = original_settle(self, raw, columns)
        counts["settled"] += len(settled)
        return settled, rest

    def run(path, mode, lane: bool) -> list:
        settle = counting_settle if lane else None
        try:
            with transaction.atomic(), mock.patch.object(RecordsImport, "settle", settle):
                result = outcome(path, world["base"], base_registrar, mode)
                raise _Undo
        except _Undo:
            return result

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(files(people, rules[today.year], today))
    def check(example):
        rows, file_format, mode = example
        path = write_file(tmp_path / "名单", rows, file_format)
        with mock.patch.object(pipeline, "BATCH_ROWS", 2):
            assert run(path, mode, lane=True) == run(path, mode, lane=False)
        counts["examples"] += 1

    check()
    assert counts["settled"] > counts["examples"]  # the lane did decide rows, not just pass them on
