"""CSV exports, streamed row by row (constant memory however many rows), safe to open in a spreadsheet."""

import csv
import io
from collections.abc import Iterable
from itertools import islice

from django.http import StreamingHttpResponse
from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_WRITE = 500


def spreadsheet_safe(value) -> str:
    """A cell a spreadsheet will not run as a formula: leading = + - @ tab or return get a quote first."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def stream_csv(name: str, header: list[str], rows: Iterable[Iterable]) -> StreamingHttpResponse:
    """Sent a few hundred rows at a time: one write per row would cost more than the rows themselves."""

    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write("\ufeff")  # so that Excel reads the file as UTF-8
        writer.writerow(header)
        rows_left = iter(rows)
        while batch := list(islice(rows_left, ROWS_PER_WRITE)):
            writer.writerows([spreadsheet_safe(cell) for cell in row] for row in batch)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        if buffer.tell():
            yield buffer.getvalue()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.csv"'
    return response
