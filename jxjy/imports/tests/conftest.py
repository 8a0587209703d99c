"""The five-row file of a base's class that the import and job tests share."""

import pytest

from jxjy.imports.tests.test_import_pipeline import RECORD_HEADER, record_row, write_csv


@pytest.fixture
def class_file(tmp_path, world):
    """Five rows: three good (two people), an unknown person, a reversed date."""
    doctor, wang = world["doctor"], world["wang"]
    rows = [
        record_row(doctor, "JD-1"),
        record_row(wang, "JD-2"),
        record_row(wang, "JD-3", 数量="4.5"),
        record_row(doctor, "JD-4", 公民身份号码="11010519491231002X"),
        record_row(wang, "JD-5", 开始日期="2026年3月9日", 结束日期="2026/3/1"),
    ]
    return write_csv(tmp_path / "结业名单.csv", RECORD_HEADER, rows)
