"""A body's quota and its one-time invitation hold under real concurrent transactions."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from bookings import services
from bookings.models import Booking
from bookings.rules import BookingError
from home import bodies
from home.models import BodyInvitation, UserProfile
from home.villages import import_villages
from tests.bookings.conftest import at
from tests.bookings.test_concurrency import clock, run_together  # noqa: F401 -- fixture
from tests.conftest import make_body, make_member, make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
THREADS = 8


@pytest.fixture
def body_members(django_user_model, room):
    import_villages()
    from home.models import Village

    body = make_body(Village.objects.order_by("code").first(), "bpd", "BPD Uji")
    return body, [make_member(f"bpd-{i}", body) for i in range(THREADS)]


def test_members_of_one_body_requesting_at_once_never_exceed_its_quota(
    clock,  # noqa: F811
    body_members,
    request_kwargs,
):
    body, members = body_members

    def work(index):
        start = at(7, 8) + datetime.timedelta(minutes=30 * index)  # eight different times
        kwargs = request_kwargs(members[index], start, start + datetime.timedelta(minutes=30))
        return services.booking_request(**{**kwargs, "village": body.village, "body": body})

    results = run_together(work, THREADS)
    made = [r for r in results if isinstance(r, Booking)]
    refused = [r for r in results if isinstance(r, BookingError)]
    assert len(made) == 2 == Booking.objects.filter(body=body).count()
    assert len(refused) == THREADS - 2 and {r.code for r in refused} == {"quota"}


def test_an_invitation_opened_at_once_in_several_places_makes_one_account(django_user_model, db):
    import_villages()
    from home.models import Village

    village = Village.objects.order_by("code").first()
    operator = make_user(django_user_model, "op-uji", village=village)
    body = make_body(village, "pkk", "PKK Uji")
    _invitation, token = bodies.body_invite(
        by=operator, village=village, kind=body.kind, name=body.name, email="pkk@example.test"
    )
    path = reverse("body_invitation", args=[token])

    def work(index):
        password = "Kuat-sekali-2026"
        return (
            Client()
            .post(
                path,
                {
                    "username": f"pkk-{index}",
                    "full_name": "Anggota",
                    "password1": password,
                    "password2": password,
                },
            )
            .status_code
        )

    statuses = run_together(work, THREADS)
    assert sorted(statuses).count(302) == 1, statuses
    assert all(status in (302, 400, 404) for status in statuses), statuses
    assert UserProfile.objects.filter(body=body).count() == 1
    assert BodyInvitation.objects.get().used_by.profile.body == body
