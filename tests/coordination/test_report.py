import datetime
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bookings.models import Status
from coordination import exports, reports
from coordination.models import Attendee, FollowUp, SessionOutcome
from tests.factories import wita


def body(response):
    """The whole body of a streamed export."""
    return b"".join(response.streaming_content)


MAY = reports.month_period(2026, 5)
TODAY = datetime.date(2026, 6, 10)


def hours(start, h):
    return start + datetime.timedelta(hours=h)


@pytest.fixture
def dataset(
    villages, booking_factory, category, other_category, section, other_section, staff_user
):
    """A small data set whose figures are computed by hand in the tests below."""
    a, b = villages[0], villages[1]
    c1, c2 = category, other_category
    make = booking_factory
    b1 = make(
        a,
        wita(2026, 5, 10),
        category=c1,
        created_at=wita(2026, 5, 2),
        decided_at=hours(wita(2026, 5, 2), 2),
    )
    make(
        a,
        wita(2026, 5, 12),
        category=c2,
        status=Status.NO_SHOW,
        created_at=wita(2026, 5, 3),
        decided_at=hours(wita(2026, 5, 3), 24),
    )
    make(
        b,
        wita(2026, 5, 20),
        section=other_section,
        status=Status.REJECTED,
        created_at=wita(2026, 5, 5),
        decided_at=hours(wita(2026, 5, 5), 4),
        decision="reject",
    )
    make(b, wita(2026, 5, 8), status=Status.EXPIRED, created_at=wita(2026, 5, 6))
    make(
        b,
        wita(2026, 6, 2),
        category=c2,
        status=Status.CANCELLED,
        created_at=wita(2026, 5, 7),
        decided_at=hours(wita(2026, 5, 7), 6),
    )
    b6 = make(a, wita(2026, 5, 15), created_at=wita(2026, 4, 28), decided_at=wita(2026, 4, 29))
    make(a, wita(2026, 6, 5), created_at=wita(2026, 6, 1), decided_at=wita(2026, 6, 1, 12))

    o1 = SessionOutcome.objects.create(booking=b1)
    o1.officials.add(staff_user)
    o1.save()
    o6 = SessionOutcome.objects.create(booking=b6)
    Attendee.objects.create(outcome=o1, name="Siti Aminah", position="Sekdes", gender="f")
    Attendee.objects.create(outcome=o1, name="Rahmat Hidayat", position="Kaur", gender="m")
    Attendee.objects.create(outcome=o6, name="Ahmad Yani", position="Kades")

    def follow(outcome, created, due, status="open", done=None, reason=""):
        return FollowUp.objects.create(
            outcome=outcome,
            title=f"Tindak lanjut {created}",
            created_at=created,
            due_date=due,
            status=status,
            done_at=done,
            cancel_reason=reason,
        )

    follow(o1, wita(2026, 5, 10), datetime.date(2026, 5, 20), "done", wita(2026, 5, 18))
    follow(o1, wita(2026, 5, 10), datetime.date(2026, 5, 25), "done", wita(2026, 6, 3))
    follow(o1, wita(2026, 5, 15), datetime.date(2026, 5, 30), "in_progress")
    follow(o1, wita(2026, 5, 15), datetime.date(2026, 6, 30))
    follow(o6, wita(2026, 4, 20), datetime.date(2026, 5, 5), "done", wita(2026, 5, 7))
    follow(o6, wita(2026, 5, 12), datetime.date(2026, 5, 28), "cancelled", reason="Batal")
    return {"a": a, "b": b, "c1": c1, "c2": c2}


def test_report_figures_match_the_hand_computed_set(dataset):
    report = reports.build_report(MAY, today=TODAY)
    assert report["counts"] == {
        "requests": 5,
        "approved": 3,
        "rejected": 1,
        "cancelled": 1,
        "expired": 1,
        "held": 2,
        "no_show": 1,
    }
    assert report["median_hours"] == 5.0  # 2, 4, 6, 24 hours
    per_village = {
        member.pk: (figures["held"], figures["no_show"], figures["attendees"])
        for member, figures in report["breakdowns"]["village"].rows
    }
    assert per_village[dataset["a"].pk] == (2, 1, 3)
    assert per_village[dataset["b"].pk] == (0, 0, 0)
    assert len(per_village) == 16
    per_category = dict(
        (member.pk, n) for member, n in report["breakdowns"]["category"].column("requests")
    )
    assert per_category[dataset["c1"].pk] == 3
    assert per_category[dataset["c2"].pk] == 2
    assert sum(per_category.values()) == 5
    # The cancelled action created on 12 May counts in no figure.
    assert report["follow_ups"] == {
        "opened": 4,
        "done": 2,
        "done_on_time": 1,
        "overdue": 3,
        "on_time_share": 50,
    }
    attendance = report["attendance"]
    assert (attendance["total"], attendance["female"], attendance["male"]) == (3, 1, 1)
    assert attendance["unspecified"] == 1
    assert attendance["officials"] == 1
    assert attendance["per_session"] == 1.5


def test_report_filters_by_village_and_category(dataset):
    by_village = reports.build_report(MAY, village=dataset["b"], today=TODAY)
    assert by_village["counts"] == {
        "requests": 3,
        "approved": 1,
        "rejected": 1,
        "cancelled": 1,
        "expired": 1,
        "held": 0,
        "no_show": 0,
    }
    assert by_village["median_hours"] == 5.0  # 4 and 6 hours
    assert by_village["follow_ups"]["opened"] == 0
    by_category = reports.build_report(MAY, category=dataset["c2"], today=TODAY)
    assert by_category["counts"]["requests"] == 2
    assert by_category["counts"]["approved"] == 2
    assert by_category["median_hours"] == 15.0  # 6 and 24 hours
    assert [c.pk for c, _n in by_category["breakdowns"]["category"].column("requests")] == [
        dataset["c2"].pk
    ]


def test_empty_period_has_no_median(db):
    report = reports.build_report(reports.month_period(2020, 1), today=TODAY)
    assert report["median_hours"] is None
    assert report["follow_ups"]["on_time_share"] is None


def _queries(callable_):
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured)


def _add_rows(villages, booking_factory, count):
    for index in range(count):
        booking = booking_factory(
            villages[index % 5],
            wita(2026, 5, 1 + index % 28, 8 + index % 6),
            created_at=wita(2026, 5, 1),
            decided_at=wita(2026, 5, 1, 15),
        )
        outcome = SessionOutcome.objects.create(booking=booking)
        Attendee.objects.create(outcome=outcome, name="X")
        FollowUp.objects.create(outcome=outcome, title="Y", due_date=datetime.date(2026, 5, 30))


def test_report_query_count_does_not_grow_with_rows(
    villages, booking_factory, django_assert_num_queries
):
    _add_rows(villages, booking_factory, 2)
    few = _queries(lambda: reports.build_report(MAY, today=TODAY))
    _add_rows(villages, booking_factory, 40)
    with django_assert_num_queries(few):
        reports.build_report(MAY, today=TODAY)


def test_report_page_query_count_is_constant(
    client, staff_user, villages, booking_factory, django_assert_num_queries
):
    client.force_login(staff_user)
    url = "/admin/coordination/report/?kind=month&month=2026-05"
    _add_rows(villages, booking_factory, 2)
    client.get(url)
    few = _queries(lambda: client.get(url))
    _add_rows(villages, booking_factory, 30)
    client.get(url)  # new villages retired the shared fragments; the first view refills them
    with django_assert_num_queries(few):
        response = client.get(url)
    assert response.status_code == 200


def _page_figures(html):
    cells = re.findall(r'data-figure="([a-z_]+)">([^<]*)<', html)
    return [None if value == "—" else float(value.replace(",", ".")) for _key, value in cells]


def test_exports_open_and_match_the_page(client, staff_user, dataset, time_machine):
    time_machine.move_to(timezone.make_aware(datetime.datetime(2026, 6, 10, 9)), tick=False)
    client.force_login(staff_user)
    base = "/admin/coordination/report/?kind=month&month=2026-05"
    page = client.get(base)
    assert page.status_code == 200
    on_page = _page_figures(page.content.decode())
    report = reports.build_report(MAY, today=TODAY)
    expected = [figure.value for figure in exports.figure_rows(report)]
    assert on_page == [None if v is None else float(v) for v in expected]

    xlsx = client.get(base + "&format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(body(xlsx)))
    figures = [row[2] for row in book.worksheets[0].iter_rows(min_row=4, values_only=True)]
    assert figures == expected
    requests_sheet = book.worksheets[-2]
    assert requests_sheet.max_row - 1 == 6  # requested in May, or taking place in May
    follow_sheet = book.worksheets[-1]
    assert follow_sheet.max_row - 1 == 6

    csv_text = body(client.get(base + "&format=csv")).decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert [line.rsplit(";", 1)[1] for line in lines[1 : len(expected) + 1]] == [
        "" if v is None else f"{v:g}".replace(".", ",") for v in expected
    ]
    rows_csv = body(client.get(base + "&format=csv&part=bookings")).decode("utf-8-sig")
    assert len(rows_csv.strip().splitlines()) == 1 + 6


@pytest.mark.parametrize(
    "query",
    [
        "kind=month&month=2026-13",
        "kind=month&month=mei",
        "kind=range&first=2026-05-10&last=2026-05-01",
        "kind=range&first=2026-05-10",
        "kind=year&year=abc",
        "kind=weekly",
        "kind=month&month=2026-05&village=999999",
    ],
)
def test_bad_period_gives_a_message_not_a_500(client, staff_user, query):
    client.force_login(staff_user)
    response = client.get(f"/admin/coordination/report/?{query}")
    assert response.status_code == 400
    assert b"help-critical" in response.content


def test_printable_report_has_the_office_header(client, staff_user, dataset):
    from wagtail.models import Site

    from home.models import SiteSettings

    office = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    office.office_name = "Kantor Kecamatan Paringin Selatan"
    office.address = "Jl. Contoh No. 1"
    office.save()
    client.force_login(staff_user)
    response = client.get("/admin/coordination/report/print/?kind=month&month=2026-05")
    html = response.content.decode()
    assert response.status_code == 200
    assert "KANTOR KECAMATAN PARINGIN SELATAN" in html
    assert "Jl. Contoh No. 1" in html
    assert html.count("<tr><td>") >= 2


def test_report_is_for_staff_only(client, operator):
    client.force_login(operator)
    response = client.get("/admin/coordination/report/")
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=/admin/coordination/report/"


@pytest.fixture
def halves(villages, booking_factory):
    """June 2026: 12 held sessions with 15 village attendees (1.25 per session) and 8
    follow-ups done, 5 of them on time (62.5 %)."""
    outcomes = []
    for index in range(12):
        booking = booking_factory(villages[index % 4], wita(2026, 6, 1 + index, 9))
        outcome = SessionOutcome.objects.create(booking=booking)
        for person in range(2 if index < 3 else 1):
            Attendee.objects.create(outcome=outcome, name=f"Peserta {index}-{person}")
        outcomes.append(outcome)
    for index in range(8):
        due = datetime.date(2026, 6, 20)
        done = wita(2026, 6, 19 if index < 5 else 22, 10)
        FollowUp.objects.create(
            outcome=outcomes[index],
            title=f"Aksi {index}",
            due_date=due,
            created_at=wita(2026, 6, 1),
            status="done",
            done_at=done,
        )


def test_rounding_is_half_up_on_page_exports_and_print(client, staff_user, halves):
    client.force_login(staff_user)
    base = "/admin/coordination/report/?kind=month&month=2026-06"
    html = client.get(base).content.decode()
    assert re.search(r'data-figure="on_time_share">63<', html)
    assert re.search(r'data-figure="per_session">1,3<', html)

    book = openpyxl.load_workbook(io.BytesIO(body(client.get(base + "&format=xlsx"))))
    values = {row[1]: row[2] for row in book.worksheets[0].iter_rows(min_row=4, values_only=True)}
    assert values["Persentase selesai tepat waktu (%)"] == 63
    assert values["Peserta desa per sesi"] == 1.3

    csv_text = body(client.get(base + "&format=csv")).decode("utf-8-sig")
    assert ";Persentase selesai tepat waktu (%);63\r\n" in csv_text
    assert ";Peserta desa per sesi;1,3\r\n" in csv_text

    printed = client.get(f"/admin/coordination/report/print/?{base.split('?')[1]}")
    text = printed.content.decode()
    assert re.search(r'data-figure="on_time_share">63<', text)
    assert re.search(r'data-figure="per_session">1,3<', text)
