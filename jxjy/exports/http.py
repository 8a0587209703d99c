"""The HTTP side of exports, shared by every list page: `?format=xlsx|csv` on a list answers with
the file of the same rows the page shows (the same scoped queryset, the same filters). A list longer
than JXJY_EXPORT_INLINE_ROWS becomes a background job instead: the browser goes to the job's page,
which shows the progress bar and then the file to download."""

import tempfile

from django.conf import settings
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect

from jxjy.exports.lists import ListRequest
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


def export_response(request, listed: ListRequest):
    """The file of `listed` (its rows already scoped to request.user) in the requested format, or,
    for a long list, a redirect to the export job that writes it."""
    file_format = requested_format(request) or "csv"
    count = listed.rows.count()
    if count > settings.JXJY_EXPORT_INLINE_ROWS:
        from jxjy.jobs.services import export_job_start  # jobs imports the lists in its worker

        job = export_job_start(
            actor=request.user, listed=listed, query=request.GET.urlencode(), file_format=file_format
        )
        return redirect("jobs:detail", job.pk)
    started = export_start(
        actor=request.user,
        export=listed.export,
        rows=listed.rows,
        filters=listed.filters,
        file_format=file_format,
        count=count,
    )
    filename = listed.filename
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
