"""What an import says when it refuses a cell, a row or a whole file.

Every refusal has a stable English code (for the JSON summary, the API and tests) and a Chinese message
(for the person who fixes the file). The messages live once, in MESSAGES; an error carries its code and
parameters and renders the message only when it is shown, so a file with many bad rows stays cheap.
"""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    # The file as a whole (FileRefused; the command exits 2).
    "empty_file": _("文件中没有任何数据"),
    "file_too_large": _("文件大小为 %(size_mb)s MB，超过上限 %(limit_mb)s MB；请拆分成几个文件后分别上传"),
    "archive_bomb": _("文件解压后异常庞大（压缩炸弹），已拒绝读取"),
    "file_damaged": _("文件已损坏，无法打开；请在 Excel 中打开后重新另存为 .xlsx 或 CSV"),
    "encrypted": _("文件设置了打开密码，无法读取；请取消密码后再上传"),
    "legacy_xls": _(
        "这是旧版 Excel 97-2003 (.xls) 文件，无法读取；请在 Excel 中另存为 .xlsx 或 CSV 后再上传"
    ),
    "unsupported_spreadsheet": _("这是%(kind)s文件，无法读取；请另存为 .xlsx 或 CSV 后再上传"),
    "not_a_table": _("文件内容是%(kind)s，不是 Excel (.xlsx) 或 CSV 表格"),
    "unknown_encoding": _("无法识别文件的文字编码；请在 Excel 中另存为 .xlsx 或“CSV UTF-8”后再上传"),
    "missing_columns": _("缺少必需的列：%(columns)s。请下载平台提供的模板，按模板的列名填写"),
    "csv_malformed": _("第 %(row)s 行附近的 CSV 格式错误（%(detail)s）；请在 Excel 中打开后重新另存"),
    # One cell (CellError; the caller adds the row and the column).
    "required": _("此项不能为空"),
    "formula_error": _("单元格是公式错误值 %(value)s；请修正公式或直接填写内容"),
    "encoding_damaged": _("含有无法识别的字符，文件的文字编码可能已损坏"),
    "id_number_as_number": _(
        "公民身份号码被 Excel 存成了数字（%(shown)s），末几位已丢失或末位 X 无法保存；"
        "请把该列设为“文本”格式后重新录入"
    ),
    "id_number_scientific": _(
        "公民身份号码显示为科学计数法（%(value)s），数字已丢失；请把该列设为“文本”格式后重新录入"
    ),
    # id_number_length, id_number_format, id_number_checksum, id_number_birth_date: the message is the
    # one jxjy.people.id_numbers gives, so a number is explained alike on a form and in an import.
    "date_invalid": _("无法识别的日期：%(value)s；请填写如 2026-03-05 或 2026年3月5日 的日期"),
    "date_out_of_range": _("日期 %(value)s 不在 1900 年至 2100 年之间"),
    "hours_invalid": _("学时应为不小于 0 的数，最多一位小数，实际为：%(value)s"),
    "text_too_long": _("内容过长：最多 %(max_length)s 个字，实际 %(length)s 个字"),
    "text_as_number": _(
        "该项被 Excel 存成了数字（%(shown)s），超过 15 位的数字已丢失；请把该列设为“文本”格式后重新录入"
    ),
    "choice_invalid": _("“%(value)s”不是可选的值；只能填写：%(allowed)s"),
}


def render(code: str, params: dict) -> str:
    template = MESSAGES.get(code)
    if template is None:
        return code
    text = str(template)
    return text % params if params else text


class CellError(Exception):
    """One cell's value refused. `message` is given only for codes whose text lives elsewhere."""

    def __init__(self, code: str, message: str | None = None, **params):
        super().__init__(code)
        self.code = code
        self.params = params
        self._message = message

    @property
    def message(self) -> str:
        return str(self._message) if self._message is not None else render(self.code, self.params)

    def at(self, row: int, column: str) -> "RowError":
        return RowError(row=row, column=column, code=self.code, message=self.message)

    def __repr__(self):
        return f"CellError({self.code!r}, {self.params!r})"


class RowError(Exception):
    """A refused row: `row` as Excel numbers it (the header is row 1), `column` the header's text."""

    def __init__(self, *, row: int, column: str, code: str, message: str):
        super().__init__(f"{row}:{column}:{code}")
        self.row = row
        self.column = column
        self.code = code
        self.message = message

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "code": self.code, "message": self.message}


class FileRefused(Exception):
    """The file cannot be read at all (the import command exits 2)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    @property
    def message(self) -> str:
        return render(self.code, self.params)

    def __str__(self):
        return f"{self.code}: {self.message}"
