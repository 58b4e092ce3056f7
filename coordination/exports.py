"""The M&E report as XLSX and CSV: the same figures as the page, and the rows behind them.

Figures arrive rounded by the report (coordination.rounding); nothing here rounds again except
the hours to decision of each row, through the same helper.
"""

import datetime
import re
import tempfile
from typing import NamedTuple

from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from bookings.models import Status
from home import formats
from home.models import CommunityBody, ProblemCategory, Section, Village

from . import reports
from .models import FollowUp
from .rounding import ratio

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD = Font(bold=True)


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


CHUNK = 2000  # rows fetched from the database at a time; memory stays flat however many


def _names(model):
    """pk → display text of a small reference table, read once per export."""
    return {item.pk: str(item) for item in model.objects.all()}


def _bodies():
    """pk → (kind of body, body name), read once per export."""
    return {
        body.pk: (str(body.kind), body.name)
        for body in CommunityBody.objects.select_related("kind")
    }


def _local(value, zone=None):
    """Local wall-clock time without a zone (spreadsheets have none)."""
    if not value:
        return None
    return value.astimezone(zone or timezone.get_current_timezone()).replace(tzinfo=None)


def booking_rows(queryset):
    """Header and a generator of rows: plain values, no model per row, read in chunks."""
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
    villages, sections, categories = _names(Village), _names(Section), _names(ProblemCategory)
    bodies = _bodies()
    office = str(_("Village office"))
    statuses = {value: str(label) for value, label in Status.choices}
    values = queryset.order_by("created_at").values_list(
        "pk",
        "village_id",
        "body_id",
        "section_id",
        "category_id",
        "title",
        "created_at",
        "start",
        "status",
        "decided_at",
        "wait_seconds",
    )

    def rows():
        for (
            pk,
            village,
            body,
            section,
            category,
            title,
            made,
            start,
            status,
            decided,
            wait,
        ) in values.iterator(chunk_size=CHUNK):
            yield [
                pk,
                villages.get(village, "None"),
                bodies[body][0] if body in bodies else office,
                safe(bodies[body][1]) if body in bodies else "",
                sections.get(section, "None"),
                categories.get(category, "None"),
                safe(title),
                _local(made),
                _local(start),
                statuses.get(status, status),
                _local(decided),
                ratio(wait, 3600, 1) if wait is not None else None,
            ]

    return header, rows()


def follow_up_rows(queryset):
    """Header and a generator of rows, read in chunks."""
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
    villages, sections = _names(Village), _names(Section)
    statuses = {value: str(label) for value, label in FollowUp.Status.choices}
    values = queryset.select_related(None).values_list(
        "pk",
        "outcome__booking__village_id",
        "outcome__booking_id",
        "title",
        "section_id",
        "due_date",
        "status",
        "done_at",
    )

    def rows():
        for pk, village, booking, title, section, due, status, done in values.iterator(
            chunk_size=CHUNK
        ):
            yield [
                pk,
                villages.get(village, "None"),
                booking,
                safe(title),
                sections.get(section, "None") if section else _("The village"),
                due,
                statuses.get(status, status),
                _local(done),
            ]

    return header, rows()


def _sheet_title(text):
    """A worksheet title: at most 31 characters, none of the ones spreadsheets forbid."""
    return re.sub(r"[\[\]:*?/\\]", "-", str(text))[:31]


def _filename(report, extension, suffix=""):
    label = report["period"].label.replace(" ", "").replace("–", "_")
    return f"laporan-koordinasi-{label}{suffix}.{extension}"


def _bold_row(sheet, values):
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = BOLD
        cells.append(cell)
    return cells


def _dated(sheet, row):
    """Dates and times as Indonesian offices write them; the cell stays a date for sorting."""
    cells = []
    for value in row:
        if isinstance(value, datetime.date):
            cell = WriteOnlyCell(sheet, value=value)
            is_time = isinstance(value, datetime.datetime)
            cell.number_format = "dd/mm/yyyy hh:mm" if is_time else "dd/mm/yyyy"
            cells.append(cell)
        else:
            cells.append(value)
    return cells


def xlsx_response(report, bookings, follow_ups):
    """The workbook written row by row (openpyxl's write-only mode) into a temporary file,
    then streamed from it: memory stays flat with five years of rows."""
    book = Workbook(write_only=True)

    def new_sheet(title):
        sheet = book.create_sheet(_sheet_title(title))
        sheet.column_dimensions["A"].width = 28
        sheet.column_dimensions["B"].width = 36
        return sheet

    sheet = new_sheet(_("Figures"))
    sheet.append([_("Period"), report["period"].title])
    sheet.append([])
    sheet.append(_bold_row(sheet, [_("Group"), _("Figure"), _("Value")]))
    for figure in figure_rows(report):
        sheet.append([figure.group, figure.label, figure.value])

    for breakdown in report["breakdowns"].values():
        table = new_sheet(breakdown_title(breakdown))
        table.append(_bold_row(table, [str(breakdown.dimension.label), *breakdown_labels()]))
        for member, values in breakdown.table():
            table.append([str(member), *values])

    for title, (header, rows) in (
        (_("Requests"), booking_rows(bookings)),
        (_("Follow-ups"), follow_up_rows(follow_ups)),
    ):
        data = new_sheet(title)
        data.append(_bold_row(data, header))
        for row in rows:
            data.append(_dated(data, row))
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it when sent)
    book.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=_filename(report, "xlsx"),
        content_type=XLSX_TYPE,
    )


def csv_response(report, bookings, follow_ups, part="figures"):
    """For Indonesian Excel (see `home.formats`: ";", decimal comma, BOM), streamed line by
    line: the rows are read in chunks and never held all at once."""
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
    return formats.csv_streaming_response(header, rows, _filename(report, "csv", suffix))


__all__ = ["csv_response", "figure_rows", "reports", "xlsx_response"]
