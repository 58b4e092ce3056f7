"""Half-up rounding of figures, and that charts write a value as the tables do."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import translation

from coordination.charts import bar_chart
from coordination.rounding import percent, ratio, round_half_up


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (62.5, 0, 63),  # round() gives 62
        (Fraction(125, 2), 0, 63),
        (Decimal("0.5"), 0, 1),  # round() gives 0
        (2.5, 0, 3),
        (1.25, 1, 1.3),  # round() gives 1.2
        (0.15, 1, 0.2),  # the binary float is just below 0.15: round() gives 0.1
        (Fraction(3, 20), 1, 0.2),
        (2.675, 2, 2.68),  # round() gives 2.67
        (1.24999, 1, 1.2),
        (-2.5, 0, -3),
        (0, 1, 0.0),
        (None, 1, None),
    ],
)
def test_round_half_up(value, places, expected):
    assert round_half_up(value, places) == expected


def test_rounded_value_prints_as_the_decimal():
    assert repr(round_half_up(Fraction(15, 12), 1)) == "1.3"
    assert isinstance(round_half_up(62.5), int)


def test_ratio_and_percent_round_half_up_and_know_zero():
    assert percent(5, 8) == 63  # 62.5 %
    assert percent(1, 8) == 13  # 12.5 %
    assert ratio(15, 12, 1) == 1.3  # 1.25
    assert ratio(540, 3600, 1) == 0.2  # 0.15 hours
    assert ratio(5400.0, 3600, 1) == 1.5
    assert percent(3, 0) is None
    assert ratio(3, 0, 1) is None


def test_chart_writes_values_like_the_tables_and_rounds_bar_lengths_half_up():
    with translation.override("id"):
        chart = bar_chart("c", "t", [("a", 1.3), ("b", 2.0), ("c", 0)])
    assert [bar.display for bar in chart.bars] == ["1,3", "2,0", "0"]
    # 410 px of room: 1.3 of 2.0 is 266.5 px, drawn 267 (round() would draw 266).
    assert chart.bars[0].width == 267
    assert chart.bars[1].width == 410
    assert chart.bars[2].width == 0
