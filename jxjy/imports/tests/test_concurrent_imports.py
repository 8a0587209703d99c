"""Two imports for one organisation at the same moment (two workers, the same class list uploaded
twice, say) take turns batch by batch: the second decides its rows after the first has committed, so
it reports them as already present instead of failing on the certificates' unique key."""

import time

import pytest

from jxjy.imports import pipeline
from jxjy.imports.choices import ImportKind, ImportMode
from jxjy.imports.tests.files import valid_id
from jxjy.imports.tests.test_import_commands import ROSTER_HEADER
from jxjy.imports.tests.test_import_pipeline import RECORD_HEADER, record_row, write_csv
from jxjy.people.models import Person
from jxjy.records.models import LearningRecord
from jxjy.testing.threads import run_at_once, skip_on_memory_sqlite

HOLD_SECONDS = 0.5  # each batch stays open this long after its rows are written


def _import_twice_at_once(path, organization, kind, mode) -> tuple[list, list[str]]:
    """The import of `path`, twice at once; every batch holds its transaction open a while after
    writing, as a large batch would."""

    def run_import():
        return pipeline.import_file(
            kind=kind,
            path=path,
            organization=organization,
            actor=None,
            role="system",
            mode=mode,
            on_batch_written=lambda _row: time.sleep(HOLD_SECONDS),
        )

    return run_at_once(run_import, times=2)


@pytest.mark.django_db(transaction=True)
def test_the_same_class_list_imported_twice_at_once_registers_each_certificate_once(rules, world, tmp_path):
    skip_on_memory_sqlite()
    rows = [record_row(world["wang"], f"CC-{n}") for n in range(1, 4)]
    path = write_csv(tmp_path / "结业名单.csv", RECORD_HEADER, rows)
    summaries, errors = _import_twice_at_once(path, world["base"], ImportKind.RECORDS, ImportMode.VALID)
    assert errors == []
    outcomes = sorted((s.imported, s.already_present, s.refused) for s in summaries)
    assert outcomes == [(0, 3, 0), (3, 0, 0)]
    assert LearningRecord.objects.filter(issuer=world["base"]).count() == 3


@pytest.mark.django_db(transaction=True)
def test_the_same_new_staff_imported_twice_at_once_adds_each_person_once(world, tmp_path):
    skip_on_memory_sqlite()
    newcomer = valid_id("65010219900101001")
    rows = [[newcomer, "新同事", "会计", "中级", "在职"]]
    path = write_csv(tmp_path / "花名册.csv", ROSTER_HEADER, rows)
    summaries, errors = _import_twice_at_once(path, world["unit_a"], ImportKind.PEOPLE, ImportMode.VALID)
    assert errors == []
    assert sorted((s.imported, s.already_present, s.refused) for s in summaries) == [(0, 1, 0), (1, 0, 0)]
    assert Person.objects.filter(id_number=newcomer).count() == 1
