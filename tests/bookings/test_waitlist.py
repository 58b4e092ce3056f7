"""The waitlist: join from the conflict message, offers when a time frees, accept, decline,
lapse, and one booking however many accept at once."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from bookings import services, waitlist
from bookings.models import Booking, Status, WaitlistEntry, WaitlistStatus
from home import roles
from tests.bookings.conftest import NOW, at
from tests.bookings.test_concurrency import concurrent, run_together
from tests.conftest import make_user

W = WaitlistStatus


@pytest.fixture
def third_operator(django_user_model, villages):
    return make_user(django_user_model, "op-third", group=roles.OPERATORS, village=villages[5])


@pytest.fixture
def taken(frozen, operator, request_kwargs):
    """The operator's village holds Tuesday 12 May 09–10."""
    return services.booking_request(**request_kwargs(operator, at(12, 9), at(12, 10)))


def join(user, request_kwargs, start=None, end=None, **extra):
    values = request_kwargs(user, start or at(12, 9), end or at(12, 10), **extra)
    return waitlist.waitlist_join(**values)


@pytest.fixture
def queue(taken, other_operator, third_operator, request_kwargs):
    first = join(other_operator, request_kwargs, title="Antrean pertama")
    second = join(third_operator, request_kwargs, title="Antrean kedua")
    return first, second


@pytest.fixture
def offer_mails(mailoutbox):
    """The waitlist offers e-mailed to `user` so far (a function, read when called)."""
    return lambda user: [
        m for m in mailoutbox if user.email in m.to and "sudah kosong" in m.subject
    ]


# ------------------------------------------------------------------ joining


@pytest.mark.django_db
def test_conflict_message_offers_the_waitlist_and_joining_keeps_the_request(
    client, taken, other_operator, room, section, category
):
    form = {
        "room": room.pk,
        "date": "2026-05-12",
        "start_time": "09:00",
        "end_time": "10:00",
        "section": section.pk,
        "category": category.pk,
        "title": "Batas desa",
        "description": "Perlu mediasi batas desa.",
        "attendees": 5,
        "contact_name": "Sari",
        "contact_phone": "0812 9999 0000",
    }
    client.force_login(other_operator)
    html = client.post(reverse("bookings:new"), form).content.decode()
    join_url = reverse("bookings:waitlist_join")
    assert f'formaction="{join_url}"' in html and 'form="request-form"' in html

    response = client.post(join_url, form)
    assert response.status_code == 302 and response["Location"] == reverse("bookings:list")
    entry = WaitlistEntry.objects.get()
    assert entry.village == other_operator.profile.village
    assert (entry.status, entry.start, entry.end, entry.title) == (
        W.WAITING,
        at(12, 9),
        at(12, 10),
        "Batas desa",
    )
    page = client.get(reverse("bookings:list")).content.decode()
    assert "Dalam daftar tunggu" in page and "Batas desa" in page


@pytest.mark.django_db
def test_only_a_time_taken_by_a_request_can_be_waited_for(
    frozen, operator, other_operator, request_kwargs, taken
):
    with pytest.raises(services.BookingError) as free:
        join(other_operator, request_kwargs, at(12, 13), at(12, 14))
    assert free.value.code == "slot_free"
    with pytest.raises(services.BookingError) as closed:
        join(other_operator, request_kwargs, at(14, 9), at(14, 10))  # Ascension Day
    assert closed.value.code == "closed"
    join(other_operator, request_kwargs)
    with pytest.raises(services.BookingError) as twice:
        join(other_operator, request_kwargs)
    assert twice.value.code == "already_waiting"
    with pytest.raises(PermissionDenied):
        waitlist.waitlist_join(
            **{**request_kwargs(other_operator, at(12, 9), at(12, 10)), "village": taken.village}
        )
    assert WaitlistEntry.objects.count() == 1


# ------------------------------------------------------------------ offers


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["cancel", "reject", "expire"])
def test_a_freed_time_is_offered_to_the_first_waiting_village(
    how,
    queue,
    taken,
    operator,
    other_operator,
    staff_user,
    django_capture_on_commit_callbacks,
    mailoutbox,
    offer_mails,
):
    first, second = queue
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        if how == "cancel":
            services.booking_cancel(booking=taken, by=operator)
        elif how == "reject":
            services.booking_reject(booking=taken, by=staff_user, reason="Bentrok agenda camat")
        else:
            assert services.bookings_expire_stale(now=at(12, 7, 30)) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == W.OFFERED and second.status == W.WAITING
    assert first.offer_expires_at == NOW + datetime.timedelta(hours=24)
    (message,) = offer_mails(other_operator)
    assert "Antrean pertama" in message.subject
    assert "Selasa, 12 Mei 2026" in message.body and "09.00–10.00 WITA" in message.body
    assert "/reservasi/#tawaran" in message.body


@pytest.mark.django_db
def test_the_offer_shows_on_the_villages_requests_page(
    client, queue, taken, operator, other_operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=taken, by=operator)
    first, _second = queue
    client.force_login(other_operator)
    html = client.get(reverse("bookings:list")).content.decode()
    assert 'id="tawaran"' in html and "Antrean pertama" in html
    assert reverse("bookings:waitlist_accept", args=[first.pk]) in html
    assert reverse("bookings:waitlist_decline", args=[first.pk]) in html
    assert "Kamis, 7 Mei 2026, 10.00" in html  # answer before


@pytest.mark.django_db
def test_the_offer_time_is_a_setting(settings, queue, taken, operator):
    settings.BOOKINGS_WAITLIST_OFFER_HOURS = 3
    still_taken = waitlist.waitlist_offer_free_time(
        room_id=taken.room_id, start=taken.start, end=taken.end
    )
    assert still_taken == []
    services.booking_cancel(booking=taken, by=operator)
    (offered,) = waitlist.waitlist_offer_free_time(
        room_id=taken.room_id, start=taken.start, end=taken.end
    )
    assert offered.offer_expires_at == NOW + datetime.timedelta(hours=3)


@pytest.mark.django_db
def test_accepting_turns_the_offer_into_a_pending_request(
    client, queue, taken, operator, other_operator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=taken, by=operator)
    first, _second = queue
    client.force_login(other_operator)
    response = client.post(reverse("bookings:waitlist_accept", args=[first.pk]))
    booking = Booking.objects.get(village=other_operator.profile.village)
    assert response["Location"] == reverse("bookings:sent", args=[booking.pk])
    assert (booking.status, booking.start, booking.end, booking.title) == (
        Status.PENDING,
        at(12, 9),
        at(12, 10),
        "Antrean pertama",
    )
    first.refresh_from_db()
    assert first.status == W.ACCEPTED and first.booking == booking
    # Accepting again changes nothing.
    client.post(reverse("bookings:waitlist_accept", args=[first.pk]))
    assert Booking.objects.filter(village=other_operator.profile.village).count() == 1


@pytest.mark.django_db
def test_declining_offers_the_time_to_the_next(
    client,
    queue,
    taken,
    operator,
    other_operator,
    third_operator,
    django_capture_on_commit_callbacks,
    offer_mails,
):
    first, second = queue
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=taken, by=operator)
    client.force_login(other_operator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("bookings:waitlist_decline", args=[first.pk]))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == W.DECLINED and second.status == W.OFFERED
    assert offer_mails(third_operator)


@pytest.mark.django_db
def test_a_lapsed_offer_goes_to_the_next_and_cannot_be_accepted(
    queue,
    taken,
    operator,
    other_operator,
    third_operator,
    django_capture_on_commit_callbacks,
    offer_mails,
):
    first, second = queue
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=taken, by=operator)
    later = NOW + datetime.timedelta(hours=24, minutes=1)
    assert waitlist.waitlist_expire(now=NOW + datetime.timedelta(hours=23)) == (0, 0)
    with django_capture_on_commit_callbacks(execute=True):
        assert waitlist.waitlist_expire(now=later) == (1, 0)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == W.LAPSED and second.status == W.OFFERED
    assert second.offer_expires_at == later + datetime.timedelta(hours=24)
    assert offer_mails(third_operator)
    with pytest.raises(services.BookingError) as error:
        waitlist.waitlist_accept(entry=first, by=other_operator, now=later)
    assert error.value.code == "wrong_status"


@pytest.mark.django_db
def test_an_offer_past_its_time_cannot_be_accepted_before_the_job_runs(
    queue, taken, operator, other_operator, django_capture_on_commit_callbacks
):
    first, _second = queue
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=taken, by=operator)
    with pytest.raises(services.BookingError) as error:
        waitlist.waitlist_accept(
            entry=first, by=other_operator, now=NOW + datetime.timedelta(hours=25)
        )
    assert error.value.code == "offer_lapsed"
    assert not Booking.objects.filter(village=other_operator.profile.village).exists()


@pytest.mark.django_db
def test_the_lapse_job_closes_entries_too_near_to_decide(queue, taken):
    out = io.StringIO()
    call_command("expire_waitlist_offers", stdout=out)
    assert out.getvalue().strip() == "Lapsed 0 offer(s), closed 0 waitlist entr(y/ies)."
    assert waitlist.waitlist_expire(now=at(12, 7, 30)) == (0, 2)
    assert set(WaitlistEntry.objects.values_list("status", flat=True)) == {W.CLOSED}


@pytest.mark.django_db
def test_an_accept_on_a_time_taken_meanwhile_puts_the_entry_back_in_line(
    queue, taken, operator, other_operator, request_kwargs, django_capture_on_commit_callbacks
):
    first, _second = queue
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=taken, by=operator)
    services.booking_request(**request_kwargs(operator, at(12, 9), at(12, 10)))  # taken again
    with pytest.raises(services.BookingError) as error:
        waitlist.waitlist_accept(entry=first, by=other_operator)
    assert error.value.code == "conflict"
    first.refresh_from_db()
    assert first.status == W.WAITING and first.offered_at is None


@pytest.mark.django_db
def test_another_village_cannot_answer_the_offer(
    client, queue, taken, operator, third_operator, django_capture_on_commit_callbacks
):
    first, _second = queue
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=taken, by=operator)
    client.force_login(third_operator)
    assert client.post(reverse("bookings:waitlist_accept", args=[first.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        waitlist.waitlist_accept(entry=first, by=third_operator)
    first.refresh_from_db()
    assert first.status == W.OFFERED


# ------------------------------------------------------------------ concurrency


@concurrent
def test_one_offer_accepted_many_times_at_once_makes_one_booking(
    frozen, queue, taken, operator, other_operator
):
    first, _second = queue
    services.booking_cancel(booking=taken, by=operator)  # commits: the hook offers the time
    first.refresh_from_db()
    assert first.status == W.OFFERED

    results = run_together(
        lambda index: waitlist.waitlist_accept(entry=first, by=other_operator), count=8
    )

    bookings = [r for r in results if isinstance(r, Booking)]
    errors = [r for r in results if not isinstance(r, Booking)]
    assert len(bookings) == 1
    assert all(isinstance(e, services.BookingError) and e.code == "wrong_status" for e in errors)
    assert Booking.objects.filter(village=other_operator.profile.village).count() == 1


@concurrent
def test_two_villages_accepting_overlapping_offers_at_once_make_one_booking(
    frozen, taken, operator, other_operator, third_operator, request_kwargs
):
    """Offers for 09–10 and 09.30–10.30 (as if made by two freed times) accepted together."""
    services.booking_cancel(booking=taken, by=operator)
    until = NOW + datetime.timedelta(hours=12)
    entries = []
    for user, start, end in (
        (other_operator, at(12, 9), at(12, 10)),
        (third_operator, at(12, 9, 30), at(12, 10, 30)),
    ):
        values = request_kwargs(user, start, end)
        values.pop("by")
        entries.append(
            WaitlistEntry.objects.create(
                **values, status=W.OFFERED, offered_at=NOW, offer_expires_at=until
            )
        )
    users = [other_operator, third_operator]

    results = run_together(
        lambda index: waitlist.waitlist_accept(entry=entries[index % 2], by=users[index % 2]),
        count=8,
    )

    bookings = {r.pk for r in results if isinstance(r, Booking)}
    assert len(bookings) == 1
    assert Booking.objects.holding().count() == 1
    statuses = sorted(WaitlistEntry.objects.values_list("status", flat=True))
    assert statuses == sorted([W.ACCEPTED, W.WAITING])  # the loser is back in line
