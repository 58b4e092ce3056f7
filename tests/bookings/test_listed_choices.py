"""The request form reads its rooms, sections and categories once: the same rows check the
posted value and render the options (a form sent again after an error re-renders them), and
a value that is not one of them is refused as Django refuses it."""

import datetime

import pytest

from bookings.forms import BookingRequestForm

pytestmark = pytest.mark.django_db


def _data(room, section, category, changes=None):
    return {
        "room": str(room.pk),
        "date": "2027-03-04",
        "start_time": "09:00",
        "end_time": "10:00",
        "section": str(section.pk),
        "category": str(category.pk),
        "title": "Laporan APBDes",
        "description": "Kami perlu pendampingan.",
        "attendees": "3",
        "contact_name": "Ani",
        "contact_phone": "0812 3456 7890",
    } | (changes or {})


def test_rooms_sections_and_categories_are_read_once_for_checking_and_rendering(
    room, section, category, operator, django_assert_num_queries
):
    form = BookingRequestForm(_data(room, section, category), user=operator)
    # rooms, their opening hours, sections, categories; nothing more for the rendering
    with django_assert_num_queries(4):
        assert form.is_valid(), form.errors
        html = "".join(str(form[name]) for name in ("room", "section", "category"))
    assert form.cleaned_data["room"] == room
    assert form.cleaned_data["section"] == section
    assert form.cleaned_data["category"] == category
    assert f'<option value="{section.pk}" selected>{section.name}</option>' in html


@pytest.mark.parametrize(
    "posted", ["abc", "0", "-1", "1.5", "99999999999999999999999", "1\x00", " ", "[]"]
)
def test_a_value_that_is_no_choice_is_refused_with_the_usual_message(
    room, section, category, operator, posted
):
    form = BookingRequestForm(_data(room, section, category, {"section": posted}), user=operator)
    assert not form.is_valid()
    field = form.fields["section"]
    if "\x00" in posted:
        expected = "Karakter null tidak diizinkan."
    else:
        expected = field.error_messages["invalid_choice"] % {"value": posted}
    assert form.errors["section"] == [expected]


def test_an_inactive_section_is_no_choice(room, section, category, operator):
    section.active = False
    section.save()
    form = BookingRequestForm(_data(room, section, category), user=operator)
    assert not form.is_valid()
    assert "section" in form.errors
    assert f'value="{section.pk}"' not in str(form["section"])


def test_the_same_number_written_differently_is_the_same_choice(room, section, category, operator):
    form = BookingRequestForm(
        _data(room, section, category, {"room": f"0{room.pk}"}), user=operator
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["room"] == room


def test_a_second_form_reads_no_rows_and_a_change_shows_at_the_next_form(
    room, section, category, operator, django_assert_num_queries
):
    """The lists are kept per content generation: a form sent again costs no query for them,
    and a section, category or room (with its hours) edited in the admin is what the very next
    form offers and checks."""
    assert BookingRequestForm(_data(room, section, category), user=operator).is_valid()
    with django_assert_num_queries(0):
        form = BookingRequestForm(_data(room, section, category), user=operator)
        assert form.is_valid(), form.errors
        "".join(str(form[name]) for name in ("room", "section", "category"))

    friday = room.opening_hours.get(weekday=4)
    friday.closes = datetime.time(10, 0)
    friday.save()
    form = BookingRequestForm(_data(room, section, category), user=operator)
    assert form.is_valid(), form.errors
    hours = {h.weekday: h.closes for h in form.cleaned_data["room"].opening_hours.all()}
    assert hours[4] == datetime.time(10, 0)

    room.name = "Ruang Koordinasi Lantai 2"
    room.save()
    assert "Ruang Koordinasi Lantai 2" in str(BookingRequestForm(user=operator)["room"])
    section.name = "Seksi Tata Pemerintahan"
    section.save()
    assert "Seksi Tata Pemerintahan" in str(BookingRequestForm(user=operator)["section"])

    category.active = False
    category.save()
    form = BookingRequestForm(_data(room, section, category), user=operator)
    assert not form.is_valid()
    assert "category" in form.errors
