"""Community bodies follow up their own sessions; the village office reads them; the public
page counts sessions by kind of requester, protected, with no names."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from bookings.models import Booking
from coordination import notifications
from coordination.models import FollowUp, FollowUpEvent, SessionOutcome
from home.models import BodyKind
from tests.conftest import make_body, make_member
from tests.factories import wita

pytestmark = pytest.mark.django_db

WITA = ZoneInfo("Asia/Makassar")
ACTION = "Susun daftar aspirasi warga"


@pytest.fixture
def body_session(villages, booking_factory, bpd):
    booking = booking_factory(villages[0], wita(2026, 4, 1), title="Aspirasi warga BPD")
    Booking.objects.filter(pk=booking.pk).update(body=bpd)
    outcome = SessionOutcome.objects.create(booking=booking, minutes="<p>x</p>", published=True)
    item = FollowUp.objects.create(
        outcome=outcome, title=ACTION, due_date=datetime.date(2026, 5, 1)
    )
    return booking, item


def test_a_body_sees_its_follow_ups_and_reports_progress(client, bpd_member, body_session):
    booking, item = body_session
    client.force_login(bpd_member)
    listing = client.get(reverse("coordination:follow_ups")).content.decode()
    assert ACTION in listing and "BPD Batu Piring" in listing
    assert client.get(reverse("coordination:session", args=[booking.pk])).status_code == 200
    response = client.post(reverse("coordination:progress", args=[item.pk]), {"note": "Sudah"})
    assert response.status_code == 302
    assert FollowUpEvent.objects.filter(follow_up=item, note="Sudah", by=bpd_member).exists()


def test_the_village_office_reads_a_bodys_follow_ups_but_does_not_report_for_it(
    client, operator, body_session
):
    booking, item = body_session
    client.force_login(operator)
    assert ACTION in client.get(reverse("coordination:follow_ups")).content.decode()
    detail = client.get(reverse("coordination:session", args=[booking.pk])).content.decode()
    assert ACTION in detail
    assert reverse("coordination:progress", args=[item.pk]) not in detail
    response = client.post(reverse("coordination:progress", args=[item.pk]), {"note": "Saya"})
    assert response.status_code == 404
    assert not FollowUpEvent.objects.filter(note="Saya").exists()


def test_other_bodies_other_villages_and_visitors_get_nothing(
    client, pkk_member, other_operator, villages, body_session
):
    booking, item = body_session
    other_village_body = make_member("pkk-inan", make_body(villages[2], "pkk", "PKK Inan"))
    for user in (pkk_member, other_operator, other_village_body):
        client.force_login(user)
        assert ACTION not in client.get(reverse("coordination:follow_ups")).content.decode()
        assert client.get(reverse("coordination:session", args=[booking.pk])).status_code == 404
        response = client.post(reverse("coordination:progress", args=[item.pk]), {"note": "Y"})
        assert response.status_code == 404
    visitor = Client()
    for url in (
        reverse("coordination:follow_ups"),
        reverse("coordination:session", args=[booking.pk]),
    ):
        response = visitor.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/masuk/")
    assert not FollowUpEvent.objects.filter(note="Y").exists()


def test_follow_up_notices_reach_the_body_and_its_village_office(
    villages, operator, bpd, bpd_member, body_session, mailoutbox
):
    _booking, item = body_session
    assert notifications.deliver(f"assigned:{item.pk}") == 1
    (message,) = mailoutbox
    assert {bpd.email, bpd_member.email, operator.email} <= set(message.to)


# ---------------------------------------------------------------------------- public figures


def _kind_rows(html):
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup.select("#kind-table .visually-hidden"):
        hidden.decompose()  # "disembunyikan", for screen readers
    return {row.th.text: row.td.text.strip() for row in soup.select("#kind-table tbody tr")}


def test_public_page_counts_sessions_by_kind_of_requester_without_names(
    client, villages, booking_factory, time_machine
):
    bpd = make_body(villages[0], "bpd", "BPD Rahasia Batu Piring")
    pkk = make_body(villages[1], "pkk", "TP PKK Rahasia")
    kinds = [None] * 6 + [bpd] * 4 + [pkk] * 1 + [None]
    for index, body in enumerate(kinds):
        booking = booking_factory(villages[index % 3], wita(2025, 1 + index, 10))
        Booking.objects.filter(pk=booking.pk).update(body=body)
    time_machine.move_to(datetime.datetime(2026, 1, 7, 9, tzinfo=WITA), tick=False)
    before = client.get("/transparansi/2025/").content.decode()
    assert 'id="kind-table"' not in before
    assert "Sesi per jenis pemohon untuk 2025 diterbitkan setelah tahun berakhir" in before
    time_machine.move_to(datetime.datetime(2026, 1, 8, 9, tzinfo=WITA), tick=False)
    html = client.get("/transparansi/2025/").content.decode()
    rows = _kind_rows(html)
    names = {kind.slug: kind.name for kind in BodyKind.objects.all()}
    # The PKK's single session is hidden, and so is a complement, so it cannot be worked out.
    assert rows[names["pkk"]] == "×"
    hidden = [name for name, value in rows.items() if value == "×"]
    assert len(hidden) == 2
    assert rows["Kantor desa"] in ("7", "×") and rows[names["bpd"]] in ("4", "×")
    assert rows[names["lpm"]] == "0"
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("#kind-table tfoot td").text.strip() == "12"
    for secret in ("BPD Rahasia Batu Piring", "TP PKK Rahasia"):
        assert secret not in html
