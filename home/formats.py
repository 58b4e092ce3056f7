"""Indonesian office formats, one place for every export and list.

- CSV for Indonesian Excel: a UTF-8 byte-order mark, ";" between fields (Excel with Indonesian
  regional settings uses "," as the decimal sign, so it splits a CSV on ";"), numbers with a
  decimal comma (1,3 not 1.3), dates as dd/mm/yyyy, booleans "Ya"/"Tidak".
- Months and periods in words: "November 2026", not "2026-11".
"""

import csv
import datetime
import decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

CSV_DELIMITER = ";"


def yes_no(value):
    """'Ya' / 'Tidak' for a boolean (empty for None)."""
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def csv_value(value):
    """One value as Indonesian Excel reads it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | decimal.Decimal):
        text = format(value, "f") if isinstance(value, decimal.Decimal) else repr(float(value))
        if "e" in text or "E" in text:
            text = format(decimal.Decimal(str(value)), "f")
        if "." in text:
            whole, fraction = text.split(".", 1)
            fraction = fraction.rstrip("0")
            text = f"{whole},{fraction}" if fraction else whole
        return text
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


class _Echo:
    """A file-like object for csv.writer that hands each line back instead of keeping it."""

    def write(self, value):
        return value


def csv_lines(header, rows):
    """The CSV document one line at a time (for rows read in chunks)."""
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER)
    yield "\ufeff" + writer.writerow([csv_value(cell) for cell in header])
    for row in rows:
        yield writer.writerow([csv_value(cell) for cell in row])


def csv_text(header, rows):
    """The CSV document (with its byte-order mark) for `header` and `rows`."""
    return "".join(csv_lines(header, rows))


def csv_response(header, rows, filename):
    response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_streaming_response(header, rows, filename):
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def month_year(day):
    """'November 2026' (in the active language)."""
    return date_format(day, "F Y")


def day_month_year(day):
    """'30 November 2026'."""
    return date_format(day, "j F Y")
