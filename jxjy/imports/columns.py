"""The columns an import file carries: the header people see (with the spellings they use), the
field it fills, whether it is required, and the cell normaliser that reads it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jxjy.catalogue.choices import SubjectKind
from jxjy.imports import cells
from jxjy.imports.errors import FileRefused
from jxjy.people.choices import TitleLevel
from jxjy.rules.choices import ItemLevel, StudyForm


@dataclass(frozen=True)
class Column:
    label: str  # the header in our template
    field: str
    parse: Callable[[Any], Any]
    required: bool = True
    aliases: tuple[str, ...] = ()
    note: str = ""  # the template's notes row
    choices: tuple[str, ...] = ()  # drop-down list in the template


# What files call a choice besides its label, each name meaning that one choice only. Art. 12 names
# its first forms by several kinds of class or event ("进修班、培训班、研修班" is one form), and a base's
# file says which kind it held: "培训班". Clerks shorten the subject kinds and the senior title levels,
# and name an item's level as their own province or city does.
OTHER_NAMES = {
    StudyForm: {
        **dict.fromkeys(("进修班", "培训班", "研修班"), StudyForm.TRAINING_CLASS),
        **dict.fromkeys(("学术会议", "学术讲座"), StudyForm.CONFERENCE),
        **dict.fromkeys(("出国进修", "出境进修", "出国培训", "出境培训"), StudyForm.ABROAD),
        **dict.fromkeys(("学历教育", "攻读学位"), StudyForm.DEGREE),
    },
    SubjectKind: {
        **dict.fromkeys(("公需", "公需课"), SubjectKind.PUBLIC),
        **dict.fromkeys(("专业", "专业课"), SubjectKind.PROFESSIONAL),
    },
    ItemLevel: {
        "省级": ItemLevel.REGIONAL,  # the region is a province-level division
        **dict.fromkeys(("地州级", "地市级", "市级", "县级", "地州市级"), ItemLevel.LOCAL),
    },
    TitleLevel: {"副高": TitleLevel.DEPUTY_SENIOR, "正高": TitleLevel.SENIOR},
}


def choice_table(choices) -> dict[str, str]:
    """What a TextChoices cell may hold, each with its code: the code itself, its Chinese label, or
    another name it goes by (OTHER_NAMES)."""
    return {
        **{value: value for value in choices.values},
        **{str(label): value for value, label in choices.choices},
        **{name: choice.value for name, choice in OTHER_NAMES.get(choices, {}).items()},
    }


def choice_parser(choices) -> Callable[[Any], Any]:
    """A TextChoices column: the template's drop-down shows the Chinese labels; systems may send codes;
    a refusal lists the labels."""
    table, labels = choice_table(choices), labels_of(choices)
    return lambda value: cells.choice(value, table, labels)


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
