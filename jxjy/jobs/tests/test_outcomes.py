"""The outcomes file of an import job: one JSON line per row, written at each batch's commit point."""

import json

import pytest

from jxjy.imports.choices import RowOutcome
from jxjy.imports.errors import RowError
from jxjy.imports.rows import ParsedRow
from jxjy.jobs.outcomes import Outcomes, read_outcomes


@pytest.mark.parametrize("outcome", [o for o in RowOutcome if o != RowOutcome.REFUSED])
def test_a_good_rows_line_is_the_json_of_its_number_and_outcome(tmp_path, outcome):
    path = tmp_path / "outcomes.jsonl"
    outcomes = Outcomes(path)
    outcomes.row(ParsedRow(7, [], outcome=outcome))
    outcomes.row(ParsedRow(8, []))  # no outcome set: imported
    outcomes.close()
    expected = [[7, outcome.value], [8, RowOutcome.IMPORTED.value]]
    assert path.read_bytes() == b"".join(json.dumps(line).encode() + b"\n" for line in expected)
    assert list(read_outcomes(path)) == expected
    assert outcomes.counts[outcome.value] == 1 + (outcome == RowOutcome.IMPORTED)


def test_a_refused_row_keeps_every_reason_in_chinese(tmp_path):
    path = tmp_path / "outcomes.jsonl"
    outcomes = Outcomes(path)
    row = ParsedRow(3, [])
    row.problems.append(RowError(row=3, column="姓名", code="name_mismatch", message="姓名与身份证号不符"))
    row.problems.append(RowError(row=3, column="数量", code="bad_hours", message='不是学时数："十二"'))
    outcomes.row(row)
    outcomes.close()
    reasons = [["姓名", "name_mismatch", "姓名与身份证号不符"], ["数量", "bad_hours", '不是学时数："十二"']]
    assert list(read_outcomes(path)) == [[3, "refused", reasons]]
    assert outcomes.counts["refused"] == 1 and outcomes.error_count == 2


def test_lines_land_by_the_commit_point_and_a_resumed_run_drops_the_uncommitted_batch(tmp_path):
    path = tmp_path / "outcomes.jsonl"
    outcomes = Outcomes(path)
    outcomes.row(ParsedRow(2, [], outcome=RowOutcome.IMPORTED))
    assert path.read_bytes() == b""  # not yet: they go to the file together
    kept = outcomes.commit_point()
    outcomes.row(ParsedRow(3, [], outcome=RowOutcome.IMPORTED))  # a batch whose transaction is lost
    outcomes.commit_point()
    outcomes.close()

    resumed = Outcomes(path, keep_bytes=kept)
    resumed.row(ParsedRow(3, [], outcome=RowOutcome.ALREADY_PRESENT))
    resumed.close()
    assert list(read_outcomes(path)) == [[2, "imported"], [3, "already_present"]]


def test_a_long_run_without_commit_points_keeps_few_lines_in_memory(tmp_path, monkeypatch):
    from jxjy.jobs import outcomes as module

    monkeypatch.setattr(module, "WRITE_LINES", 3)
    path = tmp_path / "outcomes.jsonl"
    outcomes = Outcomes(path)
    for number in range(2, 9):
        outcomes.row(ParsedRow(number, [], outcome=RowOutcome.IMPORTED))
        assert len(outcomes.lines) < 3
    outcomes.close()
    assert [line[0] for line in read_outcomes(path)] == list(range(2, 9))
