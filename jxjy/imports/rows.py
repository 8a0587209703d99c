"""A row of an import file as it moves through the pipeline."""

from dataclasses import dataclass, field
from typing import Any

from jxjy.imports.choices import RowOutcome
from jxjy.imports.errors import RowError


@dataclass(slots=True)
class ParsedRow:
    number: int  # as the user sees it in the spreadsheet
    cells: list  # the original cells, for the report
    values: dict[str, Any] = field(default_factory=dict)
    problems: list[RowError] = field(default_factory=list)
    outcome: str = ""
    obj: Any = None  # what will be written for this row
    note: str = ""  # beside an outcome that is not a refusal: what an update changed

    def refuse(self, column: str, code: str, message: str) -> None:
        self.problems.append(RowError(row=self.number, column=column, code=code, message=message))
        self.outcome = RowOutcome.REFUSED

    @property
    def ok(self) -> bool:
        return not self.problems
