"""factory-boy factories for the objects many tests share, and the WITA time helper.

UserFactory(username=…, group=roles.OPERATORS, village=…, section=…)
RoomFactory()                     the coordination room, with the office's opening hours
BookingFactory(room=…, village=…, start=…)
                                  a booking written straight to the database (no rules,
                                  no history, no e-mail): for data the services made earlier
wita(2026, 5, 7, 9)               an aware datetime in Asia/Makassar
"""

import datetime
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from bookings.models import Booking, Room, Status
from home.models import ProblemCategory, Section, UserProfile

WITA = ZoneInfo("Asia/Makassar")
PASSWORD = "a-Strong-pass-123"


def wita(year, month, day, hour=9, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=WITA)


class UserFactory(factory.django.DjangoModelFactory):
    """A user with a usable password; `group` puts it in a role group, `village` or
    `section` link it through its profile."""

    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user-{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.test")
    password = factory.django.Password(PASSWORD)

    @classmethod
    def _create(cls, model_class, *args, group=None, village=None, section=None, **kwargs):
        user = super()._create(model_class, *args, **kwargs)
        if group:
            user.groups.add(Group.objects.get(name=group))
        if village or section:
            UserProfile.objects.create(user=user, village=village, section=section)
        return user


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room
        django_get_or_create = ("name",)
        skip_postgeneration_save = True

    name = "Ruang RUKO PARSEL"
    capacity = 12

    @factory.post_generation
    def opening_hours(room, create, extracted, **kwargs):
        if create:
            room.add_default_opening_hours()


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booking

    room = factory.SubFactory(RoomFactory)
    section = factory.LazyFunction(lambda: Section.objects.get(name="Seksi Pemerintahan"))
    category = factory.LazyFunction(lambda: ProblemCategory.objects.order_by("order").first())
    title = "Sesi koordinasi"
    description = "Uraian masalah desa"
    attendees = 3
    contact_name = "Kontak Desa"
    contact_phone = "0812 0000 0000"
    start = factory.LazyFunction(lambda: wita(2026, 5, 7, 9))
    end = factory.LazyAttribute(lambda booking: booking.start + datetime.timedelta(hours=1))
    status = Status.PENDING
