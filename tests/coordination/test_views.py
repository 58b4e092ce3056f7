import datetime

import pytest
from django.urls import reverse

from coordination.models import Attendee, FollowUp, FollowUpEvent, SessionOutcome
from tests.factories import wita

SECRET_TITLE = "Sengketa batas tanah Pak Darmawan"
SECRET_DESCRIPTION = "Uraian rahasia tentang keluarga Darmawan"
SECRET_CONTACT = "Ibu Nurhalimah"
SECRET_ATTENDEE = "Saudari Kartini Wulandari"
SECRET_MINUTES = "Notulen rahasia rapat desa"
SECRET_FOLLOW_UP = "Mediasi keluarga Darmawan"


@pytest.fixture
def session(villages, booking_factory, staff_user):
    booking = booking_factory(
        villages[0],
        wita(2026, 4, 1),
        title=SECRET_TITLE,
        description=SECRET_DESCRIPTION,
        contact_name=SECRET_CONTACT,
    )
    outcome = SessionOutcome.objects.create(
        booking=booking,
        minutes=f"<p>{SECRET_MINUTES}</p>",
        decisions="Keputusan satu",
        published=True,
    )
    Attendee.objects.create(outcome=outcome, name=SECRET_ATTENDEE, position="Sekdes", gender="f")
    item = FollowUp.objects.create(
        outcome=outcome, title=SECRET_FOLLOW_UP, due_date=datetime.date(2020, 1, 1)
    )
    return booking, outcome, item


def test_operator_sees_own_sessions_follow_ups_and_overdue(client, operator, session):
    client.force_login(operator)
    html = client.get("/tindak-lanjut/").content.decode()
    assert SECRET_FOLLOW_UP in html
    assert SECRET_TITLE in html
    assert "followup--overdue" in html
    detail = client.get(f"/tindak-lanjut/sesi/{session[0].pk}/").content.decode()
    assert SECRET_MINUTES in detail and "Keputusan satu" in detail


def test_other_village_gets_404_for_minutes_and_notes(client, other_operator, session):
    booking, _outcome, item = session
    client.force_login(other_operator)
    assert client.get(f"/tindak-lanjut/sesi/{booking.pk}/").status_code == 404
    response = client.post(f"/tindak-lanjut/{item.pk}/catatan/", {"note": "Menyusup"})
    assert response.status_code == 404
    assert not FollowUpEvent.objects.filter(note="Menyusup").exists()
    listing = client.get("/tindak-lanjut/").content.decode()
    assert SECRET_FOLLOW_UP not in listing and SECRET_TITLE not in listing


def test_unpublished_minutes_stay_hidden(client, operator, session):
    _booking, outcome, _item = session
    outcome.published = False
    outcome.save()
    client.force_login(operator)
    html = client.get(f"/tindak-lanjut/sesi/{outcome.booking_id}/").content.decode()
    assert SECRET_MINUTES not in html


def test_operator_adds_a_progress_note(client, operator, session):
    _booking, _outcome, item = session
    client.force_login(operator)
    response = client.post(f"/tindak-lanjut/{item.pk}/catatan/", {"note": "Sudah dimediasi"})
    assert response.status_code == 302
    event = item.events.get(kind="progress")
    assert (event.by, event.note) == (operator, "Sudah dimediasi")
    empty = client.post(f"/tindak-lanjut/{item.pk}/catatan/", {"note": " "})
    assert empty.status_code == 400
    assert item.events.filter(kind="progress").count() == 1


def test_follow_up_page_needs_sign_in_and_a_village(client, staff_user):
    assert client.get("/tindak-lanjut/").status_code == 302
    client.force_login(staff_user)
    assert client.get("/tindak-lanjut/").status_code == 403


def test_public_page_leaks_nothing_personal(
    client, session, staff_user, villages, booking_factory, time_machine
):
    booking, outcome, item = session
    for index in range(6):
        booking_factory(villages[1 + index % 3], wita(2026, 5 + index, 4))
    outcome.officials.add(staff_user)
    outcome.save()
    staff_user.first_name, staff_user.last_name = "Hendrawan", "Saputra"
    staff_user.save()
    # 2026 is closed by then, so its table per village is on the page too.
    time_machine.move_to(wita(2027, 1, 10), tick=False)
    response = client.get("/transparansi/2026/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="village-table"' in html
    for secret in (
        SECRET_TITLE,
        SECRET_DESCRIPTION,
        SECRET_CONTACT,
        SECRET_ATTENDEE,
        SECRET_MINUTES,
        SECRET_FOLLOW_UP,
        "Darmawan",
        "Keputusan satu",
        "Sekdes",
        "Hendrawan",
        "0812",
        staff_user.username,
        booking.requested_by and booking.requested_by.username or "op-",
    ):
        assert secret not in html, secret


def test_staff_admin_pages_render(client, staff_user, session):
    client.force_login(staff_user)
    for url in (
        "/admin/coordination/sessions/",
        "/admin/coordination/follow-ups/",
        "/admin/coordination/follow-ups/?show=overdue",
        f"/admin/snippets/coordination/sessionoutcome/edit/{session[1].pk}/",
        "/admin/snippets/coordination/sessionoutcome/",
    ):
        assert client.get(url).status_code == 200, url
    refused = client.get("/admin/snippets/coordination/sessionoutcome/add/")
    assert refused.status_code == 302
    assert refused["Location"] == reverse("wagtailadmin_home")


def test_staff_moves_a_follow_up_in_the_admin(client, staff_user, session):
    _booking, _outcome, item = session
    client.force_login(staff_user)
    client.post(f"/admin/coordination/follow-ups/{item.pk}/move/", {"status": "done", "note": "OK"})
    item.refresh_from_db()
    assert item.status == "done"
    response = client.post(
        f"/admin/coordination/follow-ups/{item.pk}/move/", {"status": "in_progress"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "done"


def test_follow_up_move_returns_only_to_an_address_of_this_site(client, staff_user, session):
    _booking, _outcome, item = session
    client.force_login(staff_user)
    url = f"/admin/coordination/follow-ups/{item.pk}/move/"
    own = client.post(url, {"status": "in_progress", "next": "/admin/coordination/follow-ups/?p=2"})
    assert own["Location"] == "/admin/coordination/follow-ups/?p=2"
    for foreign in ("https://evil.example/admin/", "//evil.example/", "javascript:alert(1)"):
        response = client.post(url, {"status": "done", "next": foreign})
        assert response.status_code == 302
        assert response["Location"] == "/admin/coordination/follow-ups/", foreign
