"""The availability API: answers, errors, privacy, the OpenAPI schema, query counts, and
property-based checks (hypothesis) that free time never overlaps busy time and stays inside
opening hours."""

import datetime
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schedule.models import Event, Rule

from bookings import services
from bookings.availability import RoomData, combine, free_and_busy
from bookings.models import Booking, Closure, Room
from tests.bookings.conftest import WITA, at

URL = "/api/rooms/{slug}/availability"
PROPERTIES = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SECRET = "Sengketa tanah kas desa yang rahasia"


def get(client, slug, **query):
    response = client.get(URL.format(slug=slug), query)
    return response, json.loads(response.content)


def moment(text):
    return datetime.datetime.fromisoformat(text)


@pytest.fixture
def data(frozen, room, operator, other_operator, staff_user, request_kwargs):
    """Approved Thu 7 May 09–10, pending Fri 8 May 09–10, a block every Monday 08.00–09.30,
    a local closure on Wed 20 May (and Ascension Day, 14 May, with its cuti bersama)."""
    approved = services.booking_request(
        **request_kwargs(operator, at(7, 9), at(7, 10), description=SECRET)
    )
    services.booking_approve(booking=approved, by=staff_user)
    services.booking_request(
        **request_kwargs(other_operator, at(8, 9), at(8, 10), title="Judul rahasia")
    )
    weekly = Rule.objects.create(name="Mingguan", frequency="WEEKLY", params="byweekday:0")
    Event.objects.create(
        calendar=room.calendar,
        title="Rapat staf rahasia",
        rule=weekly,
        start=at(4, 8),
        end=at(4, 9, 30),
    )
    Closure.objects.create(
        room=room,
        start_date=datetime.date(2026, 5, 20),
        end_date=datetime.date(2026, 5, 20),
        reason="Pengecatan",
    )
    return room


# The ground truth the API must respect, whatever it reports.
def known_busy(first_day, last_day):
    busy = [(at(7, 9), at(7, 10)), (at(8, 9), at(8, 10))]
    day = first_day
    while day <= last_day:
        if day.weekday() == 0:
            busy.append((at(day, 8), at(day, 9, 30)))
        day += datetime.timedelta(days=1)
    return busy


# ------------------------------------------------------------------ answers


def test_a_week_of_free_busy_and_closed_time(client, data):
    response, body = get(client, data.slug, start="2026-05-04", end="2026-05-08")
    assert response.status_code == 200
    assert body["room"] == data.slug and body["timezone"] == "Asia/Makassar"
    assert body["start"] == "2026-05-04T00:00:00+08:00"
    assert body["end"] == "2026-05-09T00:00:00+08:00"  # a date alone is the whole day
    assert body["busy"] == [
        {"start": "2026-05-04T08:00:00+08:00", "end": "2026-05-04T09:30:00+08:00"},
        {"start": "2026-05-07T09:00:00+08:00", "end": "2026-05-07T10:00:00+08:00"},
        {"start": "2026-05-08T09:00:00+08:00", "end": "2026-05-08T10:00:00+08:00"},
    ]
    assert body["free"][:2] == [
        {"start": "2026-05-04T07:30:00+08:00", "end": "2026-05-04T08:00:00+08:00"},
        {"start": "2026-05-04T09:30:00+08:00", "end": "2026-05-04T16:00:00+08:00"},
    ]
    assert body["free"][-2:] == [
        {"start": "2026-05-08T07:30:00+08:00", "end": "2026-05-08T09:00:00+08:00"},
        {"start": "2026-05-08T10:00:00+08:00", "end": "2026-05-08T11:00:00+08:00"},
    ]
    assert body["closed"] == []


def test_closed_days_are_listed_with_their_reason(client, data):
    _response, body = get(client, data.slug, start="2026-05-14", end="2026-05-20")
    closed = {entry["date"]: entry["reason"] for entry in body["closed"]}
    assert "Kenaikan" in closed["2026-05-14"]
    assert closed["2026-05-16"] == "bukan hari kerja"
    assert closed["2026-05-20"] == "tutup: Pengecatan"
    assert not any(interval["start"].startswith("2026-05-14") for interval in body["free"])


def test_offsets_are_converted_to_wita(client, data):
    _response, body = get(
        client, data.slug, start="2026-05-07T00:30:00Z", end="2026-05-07T11:00:00+07:00"
    )
    assert body["start"] == "2026-05-07T08:30:00+08:00"
    assert body["end"] == "2026-05-07T12:00:00+08:00"
    assert body["free"] == [
        {"start": "2026-05-07T08:30:00+08:00", "end": "2026-05-07T09:00:00+08:00"},
        {"start": "2026-05-07T10:00:00+08:00", "end": "2026-05-07T12:00:00+08:00"},
    ]
    # An unencoded "+" arrives as a space; it is still read as the offset.
    _response, same = get(client, data.slug, start="2026-05-07T08:30 08:00", end="2026-05-07T12:00")
    assert same["start"] == body["start"] and same["end"] == body["end"]


def test_room_list_names_the_rooms_and_their_hours(client, data):
    response = client.get("/api/rooms")
    (room,) = json.loads(response.content)
    assert room["slug"] == data.slug and room["capacity"] == 12
    assert room["opening_hours"][4] == {"weekday": 4, "opens": "07:30", "closes": "11:00"}
    assert room["availability_url"] == URL.format(slug=data.slug)


def test_the_api_carries_no_personal_data(client, data, operator, other_operator):
    raw = client.get(URL.format(slug=data.slug), {"start": "2026-05-04", "end": "2026-05-31"})
    raw = raw.content.decode() + client.get("/api/rooms").content.decode()
    booking = Booking.objects.filter(status="approved").get()
    for secret in (
        SECRET,
        booking.title,
        "Judul rahasia",
        booking.contact_name,
        booking.contact_phone,
        booking.village.name,
        other_operator.profile.village.name,
        operator.username,
        operator.email,
        "Rapat staf rahasia",
        "Seksi Pemerintahan",
    ):
        assert secret not in raw


# ------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ({}, "Isi start dan end"),
        ({"start": "2026-05-04"}, "Isi start dan end"),
        ({"start": "kemarin", "end": "2026-05-05"}, "start bukan tanggal"),
        ({"start": "2026-05-04", "end": "2026-02-30"}, "end bukan tanggal"),
        ({"start": "2026-05-04T25:00", "end": "2026-05-05"}, "start bukan tanggal"),
        ({"start": "2026-05-04T08:00+25:00", "end": "2026-05-05"}, "start bukan tanggal"),
        ({"start": "9999-12-31", "end": "9999-12-31"}, "end bukan tanggal"),
        ({"start": "2026-05-04" * 5, "end": "2026-05-05"}, "start bukan tanggal"),
        ({"start": "", "end": ""}, "start bukan tanggal"),
        ({"start": "2026-05-08", "end": "2026-05-04"}, "end harus sesudah start"),
        ({"start": "2026-05-04T10:00", "end": "2026-05-04T10:00"}, "end harus sesudah start"),
        ({"start": "2026-05-01", "end": "2026-07-02"}, "paling panjang 62 hari"),
        ({"start": "2030-05-01", "end": "2030-05-02"}, "Pilih tanggal antara"),
        ({"start": "1900-01-01", "end": "1900-01-02"}, "Pilih tanggal antara"),
    ],
)
def test_bad_input_is_a_clear_400(client, data, query, fragment):
    before = Booking.objects.count()
    response, body = get(client, data.slug, **query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert fragment in body["detail"], body
    assert Booking.objects.count() == before


def test_62_days_is_allowed_and_63_is_not(client, data):
    assert get(client, data.slug, start="2026-05-01", end="2026-07-01")[0].status_code == 200
    assert get(client, data.slug, start="2026-05-01", end="2026-07-02")[0].status_code == 400


def test_unknown_or_inactive_room_is_404(client, data):
    response, body = get(client, "tidak-ada", start="2026-05-04", end="2026-05-05")
    assert response.status_code == 404 and body["detail"] == "Tidak ada ruang dengan nama ini."
    Room.objects.filter(pk=data.pk).update(active=False)
    assert get(client, data.slug, start="2026-05-04", end="2026-05-05")[0].status_code == 404


# ------------------------------------------------------------------ schema


def test_openapi_schema_documents_the_endpoint_and_its_errors(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    operation = schema["paths"]["/api/rooms/{slug}/availability"]["get"]
    assert set(operation["responses"]) == {"200", "400", "404"}
    assert {p["name"] for p in operation["parameters"]} == {"slug", "start", "end"}
    assert "/api/rooms" in schema["paths"]
    assert client.get("/api/docs").status_code in {301, 404}


def test_readme_links_the_schema():
    from django.conf import settings as django_settings

    readme = (django_settings.BASE_DIR / "README.md").read_text()
    assert "/api/openapi.json" in readme


# ------------------------------------------------------------------ query counts


@pytest.mark.parametrize("count", [1, 30])
def test_availability_costs_the_same_queries_whatever_the_data(
    frozen, client, room, operator, request_kwargs, count, django_assert_num_queries
):
    weekly = Rule.objects.create(name="W", frequency="WEEKLY", params="byweekday:1")
    values = request_kwargs(operator, at(7, 9), at(7, 10))
    values.pop("by")
    for index in range(count):
        day = datetime.date(2026, 5, 4) + datetime.timedelta(days=index)
        Booking.objects.create(**{**values, "start": at(day, 9), "end": at(day, 10)})
        Event.objects.create(
            calendar=room.calendar,
            title=f"B{index}",
            rule=weekly,
            start=at(day, 13),
            end=at(day, 14),
        )
    # room + opening hours, closures, events, their occurrences, bookings
    with django_assert_num_queries(6):
        response, body = get(client, room.slug, start="2026-05-04", end="2026-06-30")
    assert response.status_code == 200 and len(body["busy"]) >= count


# ------------------------------------------------------------------ properties


def overlaps(a_start, a_end, b_start, b_end):
    return a_start < b_end and b_start < a_end


def assert_free_is_sound(body, busy_truth, hours, closed_truth=()):
    start, end = moment(body["start"]), moment(body["end"])
    free = [(moment(i["start"]), moment(i["end"])) for i in body["free"]]
    busy = [(moment(i["start"]), moment(i["end"])) for i in body["busy"]]
    closed = {datetime.date.fromisoformat(c["date"]) for c in body["closed"]}
    for value in (body["start"], body["end"], *(i["start"] for i in body["free"])):
        assert value.endswith("+08:00")
    assert free == sorted(free)
    assert all(a[1] < b[0] for a, b in zip(free, free[1:], strict=False))  # disjoint
    for s, e in free:
        assert start <= s < e <= end
        for b_start, b_end in busy + busy_truth:
            assert not overlaps(s, e, b_start, b_end)
        day = s.date()
        assert e.date() == day
        assert day not in closed and day not in closed_truth
        opens, closes = hours[day.weekday()]
        assert s.time() >= opens and e.time() <= closes


ROOM_HOURS = {
    0: (datetime.time(7, 30), datetime.time(16)),
    1: (datetime.time(7, 30), datetime.time(16)),
    2: (datetime.time(7, 30), datetime.time(16)),
    3: (datetime.time(7, 30), datetime.time(16)),
    4: (datetime.time(7, 30), datetime.time(11)),
}
OFFSETS = ["", "Z", "+08:00", "+07:00", "+09:00", "-05:00", "+05:45", "+14:00", "-12:00"]


@st.composite
def moments(draw):
    day = datetime.date(2026, 5, 1) + datetime.timedelta(days=draw(st.integers(0, 40)))
    kind = draw(st.sampled_from(["date", "datetime", "junk"]))
    if kind == "date":
        return day.isoformat()
    if kind == "junk":
        return draw(st.text(max_size=30))
    minutes = draw(st.integers(0, 24 * 60 - 1))
    text = f"{day}T{minutes // 60:02d}:{minutes % 60:02d}"
    if draw(st.booleans()):
        text += f":{draw(st.integers(0, 59)):02d}"
    return text + draw(st.sampled_from(OFFSETS))


@PROPERTIES
@given(start=moments(), end=moments())
def test_property_free_time_never_overlaps_busy_time_and_lies_in_opening_hours(
    client, data, start, end
):
    response, body = get(client, data.slug, start=start, end=end)
    assert response.status_code in {200, 400}, body
    if response.status_code == 400:
        assert isinstance(body["detail"], str) and body["detail"]
        return
    first, last = moment(body["start"]).date(), moment(body["end"]).date()
    closed_truth = {datetime.date(2026, 5, 14), datetime.date(2026, 5, 15)}
    closed_truth.add(datetime.date(2026, 5, 20))
    assert_free_is_sound(body, known_busy(first, last), ROOM_HOURS, closed_truth)


# Pure: random opening hours, closures, holidays, blocks and bookings, no database.
BASE = datetime.datetime(2026, 5, 4, tzinfo=WITA)  # a Monday
FIVE = datetime.timedelta(minutes=5)


@st.composite
def room_data(draw):
    hours = {}
    for weekday in range(7):
        if draw(st.booleans()):
            opens = draw(st.integers(0, 46))
            closes = draw(st.integers(opens + 1, 47))
            hours[weekday] = (
                datetime.time(opens // 2, 30 * (opens % 2)),
                datetime.time(closes // 2, 30 * (closes % 2)),
            )
    holidays = {
        BASE.date() + datetime.timedelta(days=d): "Libur"
        for d in draw(st.sets(st.integers(0, 13), max_size=3))
    }
    closures = []
    for first in draw(st.lists(st.integers(0, 13), max_size=2)):
        start_date = BASE.date() + datetime.timedelta(days=first)
        closures.append(
            Closure(
                start_date=start_date,
                end_date=start_date + datetime.timedelta(days=draw(st.integers(0, 2))),
                reason="Tutup",
            )
        )

    def intervals():
        found = []
        for offset, length in draw(
            st.lists(st.tuples(st.integers(0, 14 * 288), st.integers(1, 120)), max_size=12)
        ):
            found.append((BASE + offset * FIVE, BASE + (offset + length) * FIVE, "x"))
        return found

    return RoomData(
        room=Room(name="Uji", slot_minutes=30),
        hours=hours,
        closures=closures,
        holidays=holidays,
        blocks=intervals(),
        taken=intervals(),
    )


@PROPERTIES
@given(data=room_data(), first=st.integers(0, 14 * 288 - 1), length=st.integers(1, 14 * 288))
def test_property_free_is_exactly_open_time_less_busy_time(data, first, length):
    start = BASE + first * FIVE
    end = min(start + length * FIVE, BASE + 14 * 288 * FIVE)
    free, busy, closed = free_and_busy(data, start, end)
    closed_days = {day for day, _reason in closed}
    assert free == sorted(free) and all(s < e for s, e in free)
    assert all(a[1] < b[0] for a, b in zip(free, free[1:], strict=False))
    # Every instant (sampled between the 5-minute grid lines all times lie on) is free
    # exactly when the day is open, it is within opening hours and nothing occupies it.
    point = start + FIVE / 2
    while point < end:
        day = point.date()
        in_hours = day.weekday() in data.hours and (
            combine(day, data.hours[day.weekday()][0])
            <= point
            < combine(day, data.hours[day.weekday()][1])
        )
        open_day = data.closed_reason(day) is None
        occupied = any(s <= point < e for s, e, _ in [*data.blocks, *data.taken])
        assert any(s <= point < e for s, e in free) == (open_day and in_hours and not occupied)
        assert any(s <= point < e for s, e in busy) == occupied
        assert (day in closed_days) == (not open_day)
        point += FIVE
