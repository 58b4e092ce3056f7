"""The shared helpers of the lowest layer: WITA text, the `when` filter, cache generations and
the access guards."""

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.template import Context, Template

from home import roles
from home.access import require_staff, require_village_or_staff
from home.caching import Generation
from home.wita import when_text
from tests.conftest import make_user
from tests.factories import wita

START, END = wita(2026, 5, 7, 9), wita(2026, 5, 7, 10, 30)


@pytest.mark.parametrize(
    ("style", "text"),
    [
        ("long", "Kamis, 7 Mei 2026, 09.00–10.30"),
        ("short", "Kam, 7 Mei 2026, 09.00–10.30"),
        ("weekday", "Kamis 7 Mei, 09.00–10.30"),
        ("date", "7 Mei 2026, 09.00–10.30"),
        ("day_month", "7 Mei, 09.00–10.30"),
        ("hours", "09.00–10.30"),
    ],
)
def test_when_text_writes_each_style_in_wita(style, text):
    assert when_text(START, END, style=style) == text
    # The same moments given in UTC read the same: the text is always WITA.
    utc = datetime.UTC
    assert when_text(START.astimezone(utc), END.astimezone(utc), style=style) == text


def test_when_filter_takes_a_booking_a_pair_or_a_moment():
    class Slot:
        start, end = START, END

    template = Template(
        '{% load wita %}{{ slot|when }} | {{ pair|when:"hours" }} | {{ at|when:"date" }} | '
        "{{ nothing|when }}."
    )
    html = template.render(Context({"slot": Slot(), "pair": (START, END), "at": START}))
    assert html == "Kamis, 7 Mei 2026, 09.00–10.30 | 09.00–10.30 | 7 Mei 2026, 09.00 | ."


def test_a_generation_retires_every_key_written_before_it_advances():
    generation = Generation("test-generation")
    first = generation.current()
    cache.set(f"entry:g{first}", "old")
    generation.advance()
    assert generation.current() == first + 1
    assert cache.get(f"entry:g{generation.current()}") is None
    cache.delete("test-generation")  # evicted: it starts again, at a number not used before
    restarted = generation.current()
    assert restarted not in (first, first + 1)
    generation.advance()
    assert generation.current() == restarted + 1


def test_guards_let_staff_and_the_own_village_through(django_user_model, villages, operator):
    staff = make_user(django_user_model, "staf-guard", group=roles.STAFF)
    editor = make_user(django_user_model, "editor-guard", group=roles.EDITORS)
    require_staff(staff)
    require_village_or_staff(staff, villages[5].pk)
    require_village_or_staff(operator, villages[0].pk)
    with pytest.raises(PermissionDenied):
        require_staff(operator)
    with pytest.raises(PermissionDenied):
        require_village_or_staff(operator, villages[5].pk)
    with pytest.raises(PermissionDenied):
        require_village_or_staff(editor, villages[0].pk)
