import datetime

import pytest
import time_machine

from bookings import services
from tests.factories import WITA, wita

# A Wednesday; the next working day is Thursday 7 May. 14–15 May are Ascension Day and its
# cuti bersama; 27 May is Eid al-Adha.
NOW = wita(2026, 5, 6, 10)


def at(day, hour, minute=0):
    """An aware WITA datetime on a day of May 2026 (or a full date)."""
    if isinstance(day, int):
        day = datetime.date(2026, 5, day)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=WITA)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def request_kwargs(room, section, category):
    """Build booking_request kwargs for a village operator; override any of them."""

    def build(by, start, end, **extra):
        from home.roles import village_of

        values = dict(
            by=by,
            room=room,
            village=village_of(by),
            section=section,
            category=category,
            title="Laporan keuangan desa",
            description="Kami butuh pendampingan menyusun laporan realisasi APBDes.",
            attendees=4,
            contact_name="Budi",
            contact_phone="0812 3456 7890",
            start=start,
            end=end,
        )
        values.update(extra)
        return values

    return build


@pytest.fixture
def form_data(room, section, category):
    return {
        "room": room.pk,
        "date": "2026-05-07",
        "start_time": "09:00",
        "end_time": "10:00",
        "section": section.pk,
        "category": category.pk,
        "title": "Laporan APBDes",
        "description": "Butuh pendampingan laporan.",
        "attendees": 4,
        "contact_name": "Budi",
        "contact_phone": "0812 3456 7890",
    }


@pytest.fixture
def booking(frozen, operator, request_kwargs):
    return services.booking_request(**request_kwargs(operator, at(7, 9), at(7, 10)))
