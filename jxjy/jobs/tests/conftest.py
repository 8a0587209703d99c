from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jxjy.imports.tests.conftest import class_file  # noqa: F401 - the same five-row file
from jxjy.imports.tests.test_import_pipeline import RECORD_HEADER, record_row, write_csv

CLASS_LIST_ROWS = 30


@pytest.fixture
def class_list(tmp_path, world):
    """A base's list of 30 certificates for three people, all good."""
    people = [world["wang"], world["colleague"], world["doctor"]]
    rows = [record_row(people[n % len(people)], f"TZ-{n:03d}") for n in range(CLASS_LIST_ROWS)]
    return write_csv(tmp_path / "错传的名单.csv", RECORD_HEADER, rows)


def uploaded(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())
