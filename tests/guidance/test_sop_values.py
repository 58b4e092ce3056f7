"""Reading SOP values the way Indonesian offices write them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from guidance.sop_values import (
    Duration,
    format_nip,
    format_partial_date,
    parse_duration,
    parse_nip,
    parse_partial_date,
    total_duration,
)


@pytest.mark.parametrize(
    ("typed", "stored", "printed"),
    [
        ("4 Januari 2016", "2016-01-04", "4 Januari 2016"),
        ("04 Januari 2015", "2015-01-04", "4 Januari 2015"),
        ("04-01-2016", "2016-01-04", "4 Januari 2016"),
        ("04/01/2016", "2016-01-04", "4 Januari 2016"),
        ("4.1.2016", "2016-01-04", "4 Januari 2016"),
        ("17 agustus 1945", "1945-08-17", "17 Agustus 1945"),
        ("17 Agt 2020", "2020-08-17", "17 Agustus 2020"),
        ("Januari 2016", "2016-01", "Januari 2016"),
        ("september   2019", "2019-09", "September 2019"),
        ("2016-01-04", "2016-01-04", "4 Januari 2016"),
        ("2019-09", "2019-09", "September 2019"),
        (datetime.date(2016, 1, 4), "2016-01-04", "4 Januari 2016"),
        (datetime.datetime(2016, 1, 4, 0, 0), "2016-01-04", "4 Januari 2016"),
        ("", "", ""),
        (None, "", ""),
    ],
)
def test_dates_in_every_indonesian_form(typed, stored, printed):
    assert parse_partial_date(typed) == stored
    assert format_partial_date(stored) == printed


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2016", "tidak ada di kalender"),
        ("29 Februari 2019", "tidak ada di kalender"),
        ("Januarii 2016", "bukan tanggal yang dapat dibaca"),
        ("2016", "bukan tanggal yang dapat dibaca"),
        ("04/01/16", "bukan tanggal yang dapat dibaca"),
        ("besok", "bukan tanggal yang dapat dibaca"),
    ],
)
def test_unreadable_dates_say_what_is_wrong(typed, message):
    with pytest.raises(ValidationError) as error:
        parse_partial_date(typed)
    assert message in " ".join(error.value.messages)


def test_nip_accepts_its_usual_spacing_and_prints_the_standard_grouping():
    assert parse_nip("19781217 199803 1 001") == "197812171998031001"
    assert parse_nip(" 197812171998031001 ") == "197812171998031001"
    assert parse_nip("") == ""
    assert format_nip("197812171998031001") == "19781217 199803 1 001"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("19781217 199803 1 01", "Yang ini 17 angka"),
        ("19781217 199803 1 0011", "Yang ini 19 angka"),
        ("1978121A 199803 1 001", "hanya berisi angka"),
    ],
)
def test_nip_with_the_wrong_digits_is_refused(typed, message):
    with pytest.raises(ValidationError) as error:
        parse_nip(typed)
    assert message in " ".join(error.value.messages)


@pytest.mark.parametrize(
    ("typed", "amount", "unit", "printed"),
    [
        ("10 menit", "10", "menit", "10 menit"),
        ("2 jam", "2", "jam", "2 jam"),
        ("1 hari", "1", "hari", "1 hari"),
        ("1 Minggu", "1", "minggu", "1 minggu"),
        ("1,5 jam", "1.5", "jam", "1,5 jam"),
        ("15", "15", "menit", "15 menit"),
        (15, "15", "menit", "15 menit"),
        (15.0, "15", "menit", "15 menit"),
    ],
)
def test_durations_are_a_number_and_a_unit(typed, amount, unit, printed):
    duration = parse_duration(typed)
    assert duration == Duration(Decimal(amount), unit)
    assert str(duration) == printed


@pytest.mark.parametrize("typed", ["sebentar", "2 bulan", "0 menit", "-1 jam", "jam 2"])
def test_unreadable_durations_are_refused(typed):
    with pytest.raises(ValidationError) as error:
        parse_duration(typed)
    assert "bukan lama waktu yang dapat dibaca" in " ".join(error.value.messages)


def test_totals_add_up_per_unit_and_carry_minutes_into_hours():
    times = [parse_duration(t) for t in ("45 menit", "30 menit", "2 jam", "1 hari", "1 minggu")]
    assert total_duration([*times, None]) == "1 minggu 1 hari 3 jam 15 menit"
    assert total_duration([]) == ""
