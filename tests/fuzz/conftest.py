"""A small portal for the fuzz suite: a village operator, kecamatan staff, the room, bookings
in every state the operator's pages act on, a waitlist offer, a session with a follow-up,
guidance pages. Time is frozen on a Wednesday (see tests/bookings/conftest.py)."""

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import timezone
from wagtail.models import Site

from bookings import services
from bookings.models import Status, VillageFeedToken, WaitlistEntry, WaitlistStatus
from coordination.models import FollowUp, SessionOutcome
from guidance.models import GuidanceIndexPage
from home import roles
from home.bodies import body_invite
from home.models import BodyKind, SiteSettings
from tests.bookings.conftest import NOW, at
from tests.conftest import make_user
from tests.factories import BookingFactory
from tests.guidance.conftest import make_guidance, make_sop


@pytest.fixture
def world(django_user_model, villages, room, section, category):
    with time_machine.travel(NOW, tick=False):
        village = villages[0]
        operator = make_user(django_user_model, "op-batu", group=roles.OPERATORS, village=village)
        staff = make_user(django_user_model, "staf", group=roles.STAFF)
        other = make_user(django_user_model, "op-inan", group=roles.OPERATORS, village=villages[2])

        def booking(start, status=Status.PENDING, **extra):
            return BookingFactory(
                room=room,
                village=village,
                section=section,
                category=category,
                start=start,
                status=status,
                requested_by=operator,
                **extra,
            )

        pending = booking(at(8, 9))
        asked = booking(at(8, 13), Status.INFO_REQUESTED, info_question="Berapa peserta?")
        approved = booking(at(11, 9), Status.APPROVED)
        held = booking(at(4, 9), Status.HELD)
        due = booking(at(5, 9), Status.APPROVED)  # started: staff may mark it held
        taken = BookingFactory(
            room=room,
            village=villages[2],
            section=section,
            category=category,
            start=at(12, 9),
            requested_by=other,
        )
        entry_fields = dict(
            room=room,
            village=village,
            requested_by=operator,
            section=section,
            category=category,
            title="Menunggu",
            description="Menunggu waktu kosong",
            attendees=3,
            contact_name="Ani",
            contact_phone="081234567890",
        )
        offered = WaitlistEntry.objects.create(
            start=at(12, 9),
            end=at(12, 10),
            status=WaitlistStatus.OFFERED,
            offered_at=timezone.now(),
            offer_expires_at=timezone.now() + datetime.timedelta(hours=20),
            **entry_fields,
        )
        waiting = WaitlistEntry.objects.create(start=at(12, 9, 30), end=at(12, 10), **entry_fields)
        outcome = SessionOutcome.objects.create(booking=held, minutes="<p>Notulen</p>")
        follow_up = FollowUp.objects.create(
            outcome=outcome,
            title="Kirim laporan",
            owner=FollowUp.Owner.VILLAGE,
            due_date=datetime.date(2026, 5, 20),
        )
        token = VillageFeedToken.objects.create(village=village)
        index = GuidanceIndexPage.objects.get(slug="panduan")
        guide = make_guidance(index, "Panduan APBDes", categories=[category])
        sop = make_sop(index)
        services.village_feed_token(village=villages[2])
        invitation, invitation_token = body_invite(
            by=operator,
            village=village,
            kind=BodyKind.objects.get(slug="bpd"),
            name="BPD Batu Piring",
            email="bpd@example.test",
        )
        # Site settings are made on first use: make them now, so no page view writes.
        SiteSettings.for_site(Site.objects.get(is_default_site=True))
        yield SimpleNamespace(
            operator=operator,
            staff=staff,
            village=village,
            room=room,
            section=section,
            category=category,
            pending=pending,
            asked=asked,
            approved=approved,
            held=held,
            due=due,
            taken=taken,
            offered=offered,
            waiting=waiting,
            outcome=outcome,
            follow_up=follow_up,
            token=token,
            body=invitation.body,
            invitation_token=invitation_token,
            guide=guide,
            sop=sop,
        )
