"""The columns an import file carries: the header people see (with the spellings they use), the
field it fills, whether it is required, and the cell normaliser that reads it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jxjy.imports import cells
from jxjy.imports.errors import FileRefused


@dataclass(frozen=True)
class Column:
    label: str  # the header in our template
    field: str
    parse: Callable[[Any], Any]
    required: bool = True
    aliases: tuple[str, ...] = ()
    note: str = ""  # the template's notes row
    choices: tuple[str, ...] = ()  # drop-down list in the template


def choice_table(choices) -> dict[str, str]:
    """What a TextChoices cell may hold, each with its code: the code itself or its Chinese label."""
    return {
        **{value: value for value in choices.values},
        **{str(label): value for value, label in choices.choices},
    }


def choice_parser(choices) -> Callable[[Any], Any]:
    """A TextChoices column: the template's drop-down shows the Chinese labels; systems may send codes."""
    table = choice_table(choices)
    return lambda value: cells.choice(value, table)


def labels_of(choices) -> tuple[str, ...]:
    return tuple(str(label) for label in choices.labels)


ID_NUMBER = Column(
    "公民身份号码",
    "id_number",
    cells.id_number,
    aliases=("身份证号", "身份证号码"),
    note="18位，设为文本格式",
)


def header_map(header: list[str], columns: list[Column]) -> dict[int, Column]:
    """Which position holds which column. Unknown extra columns are ignored; a missing required
    column refuses the file (no row could be read right)."""
    names = {_key(name): column for column in columns for name in (column.label, *column.aliases)}
    found: dict[int, Column] = {}
    for position, title in enumerate(header):
        column = names.get(_key(title))
        if column is not None and column not in found.values():
            found[position] = column
    missing = [column.label for column in columns if column.required and column not in found.values()]
    if missing:
        raise FileRefused("missing_columns", columns="、".join(missing))
    return found


def _key(title) -> str:
    text = "" if title is None else str(title)
    return "".join(text.split()).replace("（", "(").replace("）", ")").replace("*", "").lower()
