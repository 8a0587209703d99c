"""The HTTP side of exports, shared by every list page: `?format=xlsx|csv` on a list answers with
the file of the same rows the page shows (the same scoped queryset, the same filters)."""

import tempfile
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse

from jxjy.exports.columns import ListExport
from jxjy.exports.services import FORMATS, export_start
from jxjy.exports.writers import XLSX_CONTENT_TYPE, stream_csv, write_xlsx

# An XLSX file is a zip whose directory is written last, so it cannot go to the socket while it is
# being built. It is built in a temporary file (memory stays flat; an unnamed file that the system
# deletes once the response has been sent and closed it) and then sent.
SPOOL_BYTES = 1024 * 1024


def requested_format(request) -> str | None:
    """'xlsx' or 'csv' when the request asks for a file, else None (the page)."""
    value = request.GET.get("format", "")
    return value if value in FORMATS else None


def export_response(request, *, export: ListExport, rows: QuerySet, filters: dict[str, Any], filename: str):
    """The file of `rows` (already scoped to request.user) in the requested format; `filename`
    without its extension, ASCII."""
    file_format = requested_format(request) or "csv"
    started = export_start(
        actor=request.user, export=export, rows=rows, filters=filters, file_format=file_format
    )
    if file_format == "csv":
        response = StreamingHttpResponse(
            stream_csv(started.header, started.rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - FileResponse closes it
    try:
        write_xlsx(started.header, started.rows, spool)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_CONTENT_TYPE
    )
