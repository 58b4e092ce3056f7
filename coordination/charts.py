"""Bar charts drawn on the server as SVG: no scripts, labels and values on every bar, and a
different fill pattern per series so the chart reads without colour.

Values arrive already rounded (coordination.rounding); a bar's value is written exactly as the
tables write it, and bar lengths round half up like every other figure."""

import dataclasses

from django.utils.formats import localize

from .rounding import ratio

WIDTH = 480
LABEL_HEIGHT = 24
BAR_HEIGHT = 24
ROW_GAP = 12
VALUE_ROOM = 70  # room right of the longest bar for its value
PATTERNS = ("solid", "diagonal", "dots", "cross")


@dataclasses.dataclass
class Bar:
    label: str
    value: float
    display: str
    x: int
    label_y: int
    bar_y: int
    width: int
    value_x: int
    value_y: int
    pattern: str


@dataclasses.dataclass
class Chart:
    id: str
    title: str
    description: str
    bars: list
    width: int
    height: int
    patterns: tuple = PATTERNS


def bar_chart(chart_id, title, items, *, description="", pattern_by_index=False, unit=""):
    """Horizontal bars for `items` (label, value) pairs, each label above its bar."""
    values = [value or 0 for _label, value in items]
    top = max(values, default=0) or 1
    usable = WIDTH - VALUE_ROOM
    bars = []
    y = 4
    for index, (label, value) in enumerate(items):
        value = value or 0
        width = ratio(usable * value, top) if value else 0
        bar_y = y + LABEL_HEIGHT
        # The same figure, written the way the page's tables write it (decimal comma in id).
        display = f"{localize(value)}{unit}"
        bars.append(
            Bar(
                label=str(label),
                value=value,
                display=display,
                x=0,
                label_y=y + 17,
                bar_y=bar_y,
                width=max(width, 2 if value else 0),
                value_x=width + 8,
                value_y=bar_y + 18,
                pattern=PATTERNS[index % len(PATTERNS)] if pattern_by_index else "solid",
            )
        )
        y = bar_y + BAR_HEIGHT + ROW_GAP
    return Chart(
        id=chart_id,
        title=title,
        description=description,
        bars=bars,
        width=WIDTH,
        height=max(y, 40),
    )
