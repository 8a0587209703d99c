"""Field types shared by the API's schemas: ids that fit a database integer, and text without the
NUL character (PostgreSQL refuses it in text, so it must be a 422, not a server error)."""

from typing import Annotated

from pydantic import AfterValidator, Field

MAX_DB_INT = 2**63 - 1


def _reject_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("不得包含空字符（NUL）")
    return value


ObjectId = Annotated[int, Field(ge=1, le=MAX_DB_INT)]
Text = Annotated[str, AfterValidator(_reject_nul)]
