"""The M&E report as XLSX and CSV: the same figures as the page, and the rows behind them."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from . import reports

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe(value):
    """Neutralise spreadsheet formulas in text that users typed."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def figure_rows(report):
    """(group, figure, value) rows in the order the page shows them."""
    counts, follow, attendance = report["counts"], report["follow_ups"], report["attendance"]
    requests = _("Requests")
    sessions = _("Sessions")
    follow_ups = _("Follow-ups")
    people = _("Attendance")
    rows = [
        (requests, _("Requests made"), counts["requests"]),
        (requests, _("Approved"), counts["approved"]),
        (requests, _("Rejected"), counts["rejected"]),
        (requests, _("Cancelled"), counts["cancelled"]),
        (requests, _("Expired"), counts["expired"]),
        (requests, _("Median hours from request to decision"), report["median_hours"]),
        (sessions, _("Held"), counts["held"]),
        (sessions, _("No-show"), counts["no_show"]),
        (follow_ups, _("Opened"), follow["opened"]),
        (follow_ups, _("Done"), follow["done"]),
        (follow_ups, _("Done on time"), follow["done_on_time"]),
        (follow_ups, _("Share done on time (%)"), follow["on_time_share"]),
        (follow_ups, _("Overdue"), follow["overdue"]),
        (people, _("Village attendees"), attendance["total"]),
        (people, _("Women"), attendance["female"]),
        (people, _("Men"), attendance["male"]),
        (people, _("Gender not given"), attendance["unspecified"]),
        (people, _("Kecamatan officials present"), attendance["officials"]),
        (people, _("Village attendees per session"), attendance["per_session"]),
    ]
    return rows


def booking_rows(queryset):
    header = [
        _("Number"),
        _("Village"),
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
    queryset = queryset.select_related("village", "section", "category").order_by("created_at")
    for booking in queryset:
        rows.append(
            [
                booking.pk,
                str(booking.village),
                str(booking.section),
                str(booking.category),
                safe(booking.title),
                timezone.localtime(booking.created_at).replace(tzinfo=None),
                timezone.localtime(booking.start).replace(tzinfo=None),
                booking.get_status_display(),
                timezone.localtime(booking.decided_at).replace(tzinfo=None)
                if booking.decided_at
                else None,
                round(booking.wait_seconds / 3600, 1) if booking.wait_seconds is not None else None,
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


def _filename(report, extension, suffix=""):
    label = report["period"].label.replace(" ", "").replace("–", "_")
    return f"laporan-koordinasi-{label}{suffix}.{extension}"


def xlsx_response(report, bookings, follow_ups):
    book = Workbook()
    sheet = book.active
    sheet.title = _("Figures")[:31]
    bold = Font(bold=True)
    sheet.append([_("Period"), report["period"].label])
    sheet.append([])
    sheet.append([_("Group"), _("Figure"), _("Value")])
    for cell in sheet[3]:
        cell.font = bold
    for row in figure_rows(report):
        sheet.append(list(row))

    villages = book.create_sheet(_("Per village")[:31])
    villages.append([_("Village"), _("Held"), _("No-show"), _("Village attendees")])
    for village in report["per_village"]:
        villages.append([str(village), village.held, village.no_show, village.attendees])

    categories = book.create_sheet(_("Per category")[:31])
    categories.append([_("Problem category"), _("Requests made")])
    for category in report["per_category"]:
        categories.append([category.name, category.requests])

    for title, (header, rows) in (
        (_("Requests"), booking_rows(bookings)),
        (_("Follow-ups"), follow_up_rows(follow_ups)),
    ):
        data = book.create_sheet(title[:31])
        data.append(header)
        for cell in data[1]:
            cell.font = bold
        for row in rows:
            data.append(row)
    for ws in book.worksheets:
        ws.column_dimensions["A"].width = 28
        ws.column_dimensions["B"].width = 36
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "xlsx")}"'
    return response


def csv_response(report, bookings, follow_ups, part="figures"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if part == "bookings":
        header, rows = booking_rows(bookings)
    elif part == "follow_ups":
        header, rows = follow_up_rows(follow_ups)
    else:
        header = [_("Group"), _("Figure"), _("Value")]
        rows = [list(row) for row in figure_rows(report)]
        rows += [[_("Per village"), str(v), v.held] for v in report["per_village"]]
        rows += [[_("Per category"), c.name, c.requests] for c in report["per_category"]]
    writer.writerow(header)
    writer.writerows(rows)
    suffix = "" if part == "figures" else f"-{part}"
    # A byte-order mark lets spreadsheet programs read the file as UTF-8.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, "csv", suffix)}"'
    return response


__all__ = ["csv_response", "figure_rows", "reports", "xlsx_response"]
