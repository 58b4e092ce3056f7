"""Indonesian office formats: CSV that Indonesian Excel opens as columns and numbers, months
and periods in words, booleans as Ya/Tidak."""

import csv
import datetime
import decimal
import io
import re

import pytest
from django.urls import reverse

from coordination.reports import Period, month_period
from home import formats

D = datetime.date


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (24.0, "24"),
        (1.25, "1,25"),
        (decimal.Decimal("1.30"), "1,3"),
        (decimal.Decimal("63"), "63"),
        (0, "0"),
        (1234567, "1234567"),
        (None, ""),
        (True, "Ya"),
        (False, "Tidak"),
        (D(2026, 11, 3), "03/11/2026"),
        (datetime.datetime(2026, 11, 3, 14, 5), "03/11/2026 14:05"),
        ("Desa; “Batu” Piring", "Desa; “Batu” Piring"),
    ],
)
def test_a_value_as_indonesian_excel_reads_it(value, text):
    assert formats.csv_value(value) == text


def test_csv_has_a_bom_semicolons_and_quotes_what_needs_it():
    content = formats.csv_text(["Desa", "Nilai"], [["Batu; Piring", 1.5], ['Lok "Tamu"', 2]])
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content[1:]), delimiter=";"))
    assert rows == [["Desa", "Nilai"], ["Batu; Piring", "1,5"], ['Lok "Tamu"', "2"]]


@pytest.mark.parametrize(
    ("period", "title"),
    [
        (month_period(2026, 11), "November 2026"),
        (month_period(2026, 1), "Januari 2026"),
        (Period(D(2026, 4, 1), D(2026, 6, 30), "2026-Q2"), "Triwulan II 2026"),
        (Period(D(2026, 1, 1), D(2026, 12, 31), "2026"), "2026"),
        (Period(D(2026, 4, 30), D(2026, 5, 1), "x"), "30 April 2026 – 1 Mei 2026"),
        (Period(D(2026, 5, 31), D(2026, 5, 31), "x"), "31 Mei 2026"),
    ],
)
def test_periods_read_in_indonesian(period, title):
    assert period.title == title


@pytest.mark.django_db
def test_the_report_page_and_csv_speak_indonesian(client, staff_user):
    client.force_login(staff_user)
    staff_client = client
    base = reverse("coordination_admin:report") + "?kind=month&month=2026-11"
    page = staff_client.get(base).content.decode()
    assert "Periode November 2026" in page and "Periode 2026-11" not in page
    exported = staff_client.get(base + "&format=csv&part=bookings")
    content = b"".join(exported.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff") and ";" in content.splitlines()[0]


@pytest.mark.django_db
def test_snippet_lists_say_ya_and_tidak(client, staff_user, room):
    staff_user.is_superuser = True
    staff_user.save()
    client.force_login(staff_user)
    html = client.get(reverse("wagtailsnippets_bookings_room:list")).content.decode()
    cells = [cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)]
    assert "Ya" in cells
    assert "True" not in cells and "False" not in cells


@pytest.mark.django_db
def test_xlsx_dates_read_day_month_year(client, staff_user, villages, room, section, category):
    import openpyxl

    from tests.factories import BookingFactory, wita

    BookingFactory(
        room=room,
        village=villages[0],
        section=section,
        category=category,
        start=wita(2026, 11, 5, 9),
        end=wita(2026, 11, 5, 10),
    )
    client.force_login(staff_user)
    base = reverse("coordination_admin:report") + "?kind=month&month=2026-11&format=xlsx"
    book = openpyxl.load_workbook(io.BytesIO(b"".join(client.get(base).streaming_content)))
    assert book.worksheets[0]["B1"].value == "November 2026"
    requests = book.worksheets[-2]
    header = [cell.value for cell in requests[1]]
    start = requests.cell(row=2, column=header.index("Mulai sesi") + 1)
    assert start.value == datetime.datetime(2026, 11, 5, 9, 0)
    assert start.number_format == "dd/mm/yyyy hh:mm"
