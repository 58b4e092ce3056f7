"""The M&E report as XLSX and CSV: the same figures as the page, and the rows behind them.

Figures arrive rounded by the report (coordination.rounding); nothing here rounds again except
the hours to decision of each row, through the same helper.
"""

import datetime
import io
import re
from typing import NamedTuple

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from home import formats

from . import reports
from .rounding import ratio

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe(value):
    """Neutralise spreadsheet formulas in text that users typed."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class Figure(NamedTuple):
    key: str
    group: str
    label: str
    value: object


def figure_rows(report):
    """The report's totals as Figure rows, in the order the page shows them."""
    counts, follow, attendance = report["counts"], report["follow_ups"], report["attendance"]
    requests = _("Requests")
    sessions = _("Sessions")
    follow_ups = _("Follow-ups")
    people = _("Attendance")
    rows = [
        ("requests", requests, _("Requests made"), counts["requests"]),
        ("approved", requests, _("Approved"), counts["approved"]),
        ("rejected", requests, _("Rejected"), counts["rejected"]),
        ("cancelled", requests, _("Cancelled"), counts["cancelled"]),
        ("expired", requests, _("Expired"), counts["expired"]),
        (
            "median_hours",
            requests,
            _("Median hours from request to decision"),
            report["median_hours"],
        ),
        ("held", sessions, _("Held"), counts["held"]),
        ("no_show", sessions, _("No-show"), counts["no_show"]),
        ("follow_ups_opened", follow_ups, _("Opened"), follow["opened"]),
        ("follow_ups_done", follow_ups, _("Done"), follow["done"]),
        ("follow_ups_done_on_time", follow_ups, _("Done on time"), follow["done_on_time"]),
        ("on_time_share", follow_ups, _("Share done on time (%)"), follow["on_time_share"]),
        ("follow_ups_overdue", follow_ups, _("Overdue"), follow["overdue"]),
        ("attendees", people, _("Village attendees"), attendance["total"]),
        ("women", people, _("Women"), attendance["female"]),
        ("men", people, _("Men"), attendance["male"]),
        ("gender_not_given", people, _("Gender not given"), attendance["unspecified"]),
        ("officials", people, _("Kecamatan officials present"), attendance["officials"]),
        ("per_session", people, _("Village attendees per session"), attendance["per_session"]),
    ]
    return [Figure(*row) for row in rows]


def breakdown_labels():
    """Column headings of a breakdown table, in reports.BREAKDOWN_FIGURES order."""
    labels = {
        "requests": _("Requests made"),
        "approved": _("Approved"),
        "rejected": _("Rejected"),
        "cancelled": _("Cancelled"),
        "expired": _("Expired"),
        "held": _("Held"),
        "no_show": _("No-show"),
        "attendees": _("Village attendees"),
        "follow_ups_opened": _("Follow-ups opened"),
        "follow_ups_done": _("Follow-ups done"),
        "follow_ups_done_on_time": _("Follow-ups done on time"),
        "follow_ups_overdue": _("Follow-ups overdue"),
    }
    return [labels[key] for key in reports.BREAKDOWN_FIGURES]


def breakdown_title(breakdown):
    return _("Per %(dimension)s") % {"dimension": str(breakdown.dimension.label).lower()}


def booking_rows(queryset):
    header = [
        _("Number"),
        _("Village"),
        _("Kind of requester"),
        _("Community body"),
        _("Section"),
        _("Problem category"),
        _("Title"),
        _("Requested at"),
        _("Session start"),
        _("Status"),
        _("Decided at"),
        _("Hours to decision"),
    ]
    rows = []
    queryset = queryset.select_related("village", "section", "category", "body__kind").order_by(
        "created_at"
    )
    for booking in queryset:
        rows.append(
            [
                booking.pk,
                str(booking.village),
                str(booking.body.kind) if booking.body_id else str(_("Village office")),
                safe(booking.body.name) if booking.body_id else "",
                str(booking.section),
                str(booking.category),
                safe(booking.title),
                timezone.localtime(booking.created_at).replace(tzinfo=None),
                timezone.localtime(booking.start).replace(tzinfo=None),
                booking.get_status_display(),
                timezone.localtime(booking.decided_at).replace(tzinfo=None)
                if booking.decided_at
                else None,
                ratio(booking.wait_seconds, 3600, 1) if booking.wait_seconds is not None else None,
            ]
        )
    return header, rows


def follow_up_rows(queryset):
    header = [
        _("Number"),
        _("Village"),
        _("Session"),
        _("Action"),
        _("Responsible"),
        _("Due date"),
        _("Status"),
        _("Done at"),
    ]
    rows = [
        [
            item.pk,
            str(item.outcome.booking.village),
            item.outcome.booking_id,
            safe(item.title),
            str(item.section) if item.section_id else _("The village"),
            item.due_date,
            item.get_status_display(),
            timezone.localtime(item.done_at).replace(tzinfo=None) if item.done_at else None,
        ]
        for item in queryset
    ]
    return header, rows


def _sheet_title(text):
    """A worksheet title: at most 31 characters, none of the ones spreadsheets forbid."""
    return re.sub(r"[\[\]:*?/\\]", "-", str(text))[:31]


def _filename(report, extension, suffix=""):
    label = report["period"].label.replace(" ", "").replace("–", "_")
    return f"laporan-koordinasi-{label}{suffix}.{extension}"


def xlsx_response(report, bookings, follow_ups):
    book = Workbook()
    sheet = book.active
    sheet.title = _sheet_title(_("Figures"))
    bold = Font(bold=True)
    sheet.append([_("Period"), report["period"].title])
    sheet.append([])
    sheet.append([_("Group"), _("Figure"), _("Value")])
    for cell in sheet[3]:
        cell.font = bold
    for figure in figure_rows(report):
        sheet.append([figure.group, figure.label, figure.value])

    for breakdown in report["breakdowns"].values():
        table = book.create_sheet(_sheet_title(breakdown_title(breakdown)))
        table.append([str(breakdown.dimension.label), *breakdown_labels()])
        for cell in table[1]:
            cell.font = bold
        for member, values in breakdown.table():
            table.append([str(member), *values])

    for title, (header, rows) in (
        (_("Requests"), booking_rows(bookings)),
        (_("Follow-ups"), follow_up_rows(follow_ups)),
    ):
        data = book.create_sheet(_sheet_title(title))
        data.append(header)
        for cell in data[1]:
            cell.font = bold
        for row in rows:
            data.append(row)
        # Dates as Indonesian offices write them (the cell stays a date for sorting).
        for cells in data.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, datetime.datetime):
                    cell.number_format = "dd/mm/yyyy hh:mm"
                elif isinstance(cell.value, datetime.date):
                    cell.number_format = "dd/mm/yyyy"
    for ws in book.worksheets:
        ws.column_dimensions["A"].width = 28
        ws.column_dimensions["B"].width = 36
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "xlsx")}"'
    return response


def csv_response(report, bookings, follow_ups, part="figures"):
    """The report as CSV for Indonesian Excel (see `home.formats`: ";", decimal comma, BOM)."""
    if part == "bookings":
        header, rows = booking_rows(bookings)
    elif part == "follow_ups":
        header, rows = follow_up_rows(follow_ups)
    else:
        header = [_("Group"), _("Figure"), _("Value")]
        rows = [[figure.group, figure.label, figure.value] for figure in figure_rows(report)]
        for breakdown in report["breakdowns"].values():
            title = breakdown_title(breakdown)
            for member, values in breakdown.table():
                rows += [
                    [f"{title}: {member}", label, value]
                    for label, value in zip(breakdown_labels(), values, strict=True)
                ]
    suffix = "" if part == "figures" else f"-{part}"
    return formats.csv_response(header, rows, _filename(report, "csv", suffix))


__all__ = ["csv_response", "figure_rows", "reports", "xlsx_response"]
