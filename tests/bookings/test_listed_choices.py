"""The request form reads its rooms, sections and categories once: the same rows check the
posted value and render the options (a form sent again after an error re-renders them), and
a value that is not one of them is refused as Django refuses it."""

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
