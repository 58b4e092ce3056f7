"""The SOP procedure table's flowchart, drawn on the server as one SVG per table row.

Each row's SVG fills the actor columns of its row. Horizontal positions are percentages of the
row's width (actor k of n sits at (k + 0.5) / n), vertical ones percentages of its height, so the
drawing follows the table however tall a row grows; symbols, arrows and labels are nested SVGs
of fixed size centred on their point (scaled by CSS to the column width), so they never stretch.

Flow from one step to the next runs down the actor columns. Any other branch of a decision
(“Ya” or “Tidak” to a step further on or back) runs in a lane inside the decision's own column,
near its edge, so its label never sits over another actor's column. A step done by several
actors has a symbol in each of their columns, joined by a line.

Printed on A4, the table is cut into pages here (``print_breaks``), from a conservative estimate
of each row's printed height, so the page breaks are known: every line crossing a break ends in
a lettered off-page connector and resumes at the same letter on the next page. Those connectors
are drawn for print only. Editors only enter steps; nothing is drawn by hand.
"""

import math
from dataclasses import dataclass, field
from string import ascii_uppercase

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .sop_rules import DECISION, END, key, yes_target
from .sop_values import total_duration

# Half sizes (px, before the CSS scale) of each symbol: width, height.
SYMBOL_SIZE = {"start": (28, 13), "end": (28, 13), "process": (28, 15), "decision": (30, 18)}
CONNECTOR = 8  # half size of an off-page connector
JOG = 12  # px below the top of a row where a line changes columns
LANE_OFFSETS = (0.40, 0.33, 0.26)  # lanes, as a share of the column width from its centre

# Printed A4 landscape (10 mm margins), in millimetres: see `@page sop` in guidance.css.
PRINT_WIDTH = 277
PRINT_HEIGHT = 190
PRINT_ROW_MIN = 17  # the flowchart cell's printed height
PRINT_LINE = 3.3  # one line of 7pt text
PRINT_CHAR = 1.35  # a generous average width of one 7pt character
PRINT_SAFETY = 0.9  # share of the estimated free height that rows may fill


def print_columns(actors):
    """Printed widths (mm) of the columns other than the actors', and of one actor column.

    Mirrors the print rules in guidance.css (`.sop-table--print-*`)."""
    if actors <= 4:
        actor, others = 26, {"no": 7, "req": 32, "time": 15, "output": 26, "remarks": 26}
    elif actors <= 6:
        actor, others = 21, {"no": 7, "req": 28, "time": 14, "output": 22, "remarks": 22}
    elif actors <= 8:
        actor, others = 18, {"no": 6, "req": 24, "time": 12, "output": 18, "remarks": 18}
    else:
        actor, others = 15, {"no": 6, "req": 18, "time": 11, "output": 14, "remarks": 16}
    others["activity"] = PRINT_WIDTH - sum(others.values()) - actor * actors
    return actor, others


def print_group(actors):
    return "s" if actors <= 4 else "m" if actors <= 6 else "l" if actors <= 8 else "xl"


def _lines(text, width_mm):
    per_line = max(int((width_mm - 1.6) / PRINT_CHAR), 4)
    return sum(max(math.ceil(len(part) / per_line), 1) for part in (text or "").splitlines())


def print_row_height(step, widths):
    lines = max(
        _lines(step.activity, widths["activity"]),
        _lines(step.requirements, widths["req"]),
        _lines(str(step.time or ""), widths["time"]),
        _lines(step.output, widths["output"]),
        _lines(step.remarks, widths["remarks"]),
    )
    return max(PRINT_ROW_MIN, lines * PRINT_LINE + 2)


def print_header_height(actor_names, actor_width):
    """Two header rows; the actor names wrap at spaces in their narrow columns."""
    per_line = max(int((actor_width - 1.6) / (PRINT_CHAR * 0.8)), 4)
    lines = max((math.ceil(len(name) / per_line) for name in actor_names), default=1)
    return 6 + lines * 2.8 + 2


def print_breaks(steps, actor_names):
    """Indexes of the rows that start a new printed page (never 0)."""
    actor_width, widths = print_columns(len(actor_names))
    room = (PRINT_HEIGHT - print_header_height(actor_names, actor_width)) * PRINT_SAFETY
    first_page_room = room - 10  # the procedure's heading
    used, breaks, budget = 0.0, [], first_page_room
    for index, step in enumerate(steps):
        height = print_row_height(step, widths)
        if used and used + height > budget:
            breaks.append(index)
            used, budget = 0.0, room
        used += height
    return breaks


@dataclass
class Row:
    number: int
    step: object
    columns: list
    page_break: bool = False
    svg: str = ""
    description: str = ""
    lines: list = field(default_factory=list)
    marks: list = field(default_factory=list)
    screen: list = field(default_factory=list)
    paper: list = field(default_factory=list)

    @property
    def kind(self):
        return self.step.kind

    def kind_display(self):
        return {
            "start": _("Start"),
            "process": _("Process"),
            "decision": _("Decision"),
            "end": _("End"),
        }.get(self.kind, self.kind)


def _pct(value):
    return f"{value:.3f}%"


def _x(column, columns, offset=0.0):
    return _pct((column + 0.5 + offset) * 100 / columns)


def _line(x1, y1, x2, y2, css="flow-line"):
    return format_html('<line class="{}" x1="{}" y1="{}" x2="{}" y2="{}"/>', css, x1, y1, x2, y2)


LABEL = "flow-mark flow-mark--label"


def _at(x, y, inner, css="flow-mark"):
    """Content centred on a point, in a nested SVG so it keeps its own size."""
    return format_html(
        '<svg x="{}" y="{}" overflow="visible"><g class="{}">{}</g></svg>', x, y, css, inner
    )


def _symbol(kind, number):
    w, h = SYMBOL_SIZE[kind]
    if kind == DECISION:
        shape = format_html(
            '<polygon class="flow-shape" points="{},0 0,{} {},0 0,{}"/>', -w, -h, w, h
        )
    else:
        radius = h if kind in ("start", "end") else 2
        shape = format_html(
            '<rect class="flow-shape" x="{}" y="{}" width="{}" height="{}" rx="{}"/>',
            -w,
            -h,
            2 * w,
            2 * h,
            radius,
        )
    return format_html(
        '<g class="flow-symbol flow-symbol--{}" data-kind="{}" data-step="{}">{}'
        '<text class="flow-number" x="0" y="4" text-anchor="middle">{}</text></g>',
        kind,
        kind,
        number,
        shape,
        number,
    )


def _arrow_down(kind):
    _w, h = SYMBOL_SIZE[kind]
    return format_html('<polygon class="flow-arrow" points="0,{} -5,{} 5,{}"/>', -h, -h - 8, -h - 8)


def _arrow_side(kind, from_right):
    w, _h = SYMBOL_SIZE[kind]
    if from_right:
        return format_html(
            '<polygon class="flow-arrow" points="{},0 {},-5 {},5"/>', w, w + 8, w + 8
        )
    return format_html('<polygon class="flow-arrow" points="{},0 {},-5 {},5"/>', -w, -w - 8, -w - 8)


LABEL_CHAR = 7  # px per character of an 11px bold label, rounded up


def _label(text, dx, dy, anchor="start"):
    """A branch label on a white ground, so lines passing behind it never cross its letters."""
    width = len(str(text)) * LABEL_CHAR + 2
    left = dx - 1 if anchor == "start" else dx - width + 1
    return format_html(
        '<rect class="flow-label-ground" x="{}" y="{}" width="{}" height="13"/>'
        '<text class="flow-label" x="{}" y="{}" text-anchor="{}">{}</text>',
        left,
        dy - 10,
        width,
        dx,
        dy,
        anchor,
        text,
    )


def _connector(letter, pointing_down_at_bottom):
    """The off-page connector: a pentagon pointing down, with its letter."""
    c = CONNECTOR
    y0 = -2 * c - 1 if pointing_down_at_bottom else 1
    points = f"{-c},{y0} {c},{y0} {c},{y0 + c} 0,{y0 + 2 * c} {-c},{y0 + c}"
    return format_html(
        '<g class="flow-connector" data-letter="{}"><polygon class="flow-shape" points="{}"/>'
        '<text class="flow-connector__letter" x="0" y="{}" text-anchor="middle">{}</text></g>',
        letter,
        points,
        y0 + c + 2,
        letter,
    )


def _nearest(columns, column):
    return min(columns, key=lambda c: (abs(c - column), c))


class _Drawing:
    def __init__(self, rows, columns):
        self.rows = rows
        self.columns = columns
        self.lanes = {}  # column -> lanes taken per row index range
        self.letters = iter(ascii_uppercase * 4)

    def column_x(self, column, offset=0.0):
        return _x(column, self.columns, offset)

    def take_lane(self, column, side, low, high):
        """A free lane offset in a column for rows low..high (inclusive)."""
        taken = self.lanes.setdefault((column, side), [])
        for slot, offset in enumerate(LANE_OFFSETS):
            if all(not (low <= b and a <= high) for s, a, b in taken if s == slot):
                taken.append((slot, low, high))
                return side * offset
        taken.append((len(LANE_OFFSETS) - 1, low, high))
        return side * LANE_OFFSETS[-1]

    def cross_break(self, upper, lower, x_upper, x_lower=None):
        """Off-page connectors where a line leaves `upper` at the foot of a printed page and
        comes back at the top of `lower` on the next one."""
        if not lower.page_break:
            return
        letter = next(self.letters)
        css = "flow-mark flow-mark--label flow-offpage"
        upper.paper.append(_at(x_upper, "100%", _connector(letter, True), css))
        lower.paper.append(_at(x_lower or x_upper, 0, _connector(letter, False), css))

    def sequential(self, i, label=None):
        source, target = self.rows[i], self.rows[i + 1]
        cs = source.columns[0]
        ct = _nearest(target.columns, cs)
        xs, xt = self.column_x(cs), self.column_x(ct)
        source.lines.append(_line(xs, "50%", xs, "100%"))
        if target.page_break and xs != xt:
            # On screen the line jogs across; on paper it restarts in the target's column.
            target.lines.append(_line(xt, JOG, xt, "50%"))
            target.screen += [_line(xs, 0, xs, JOG), _line(xs, JOG, xt, JOG)]
            target.paper.append(_line(xt, 0, xt, JOG))
        elif xs == xt:
            target.lines.append(_line(xt, 0, xt, "50%"))
        else:
            target.lines += [
                _line(xs, 0, xs, JOG),
                _line(xs, JOG, xt, JOG),
                _line(xt, JOG, xt, "50%"),
            ]
        self.cross_break(source, target, xs, xt)
        target.marks.append(_at(xt, "50%", _arrow_down(target.kind)))
        if label:
            _w, h = SYMBOL_SIZE[source.kind]
            source.marks.append(_at(xs, "50%", _label(label, 4, h + 11), LABEL))

    def lane(self, i, target_index, label, side):
        source, target = self.rows[i], self.rows[target_index]
        column = source.columns[-1] if side > 0 else source.columns[0]
        low, high = sorted((i, target_index))
        offset = self.take_lane(column, side, low, high)
        lane = self.column_x(column, offset)
        centre = self.column_x(column)
        css = "flow-line flow-line--branch"
        down = target_index > i
        source.lines.append(_line(centre, "50%", lane, "50%", css))
        source.lines.append(_line(lane, "50%", lane, "100%" if down else 0, css))
        # Above the diamond on the lane's side of the incoming line, inside the column.
        _w, h = SYMBOL_SIZE[DECISION]
        anchor = "start" if side > 0 else "end"
        source.marks.append(_at(centre, "50%", _label(label, 3 * side, -h - 1, anchor), LABEL))
        for between in self.rows[low + 1 : high]:
            between.lines.append(_line(lane, 0, lane, "100%", css))
        ct = _nearest(target.columns, column)
        target_x = self.column_x(ct)
        target.lines += [
            _line(lane, 0 if down else "100%", lane, "50%", css),
            _line(lane, "50%", target_x, "50%", css),
        ]
        from_right = ct < column or (ct == column and side > 0)
        target.marks.append(_at(target_x, "50%", _arrow_side(target.kind, from_right)))
        for upper_index in range(low, high):
            self.cross_break(self.rows[upper_index], self.rows[upper_index + 1], lane)


def _describe(row, actors, total):
    names = [actors[c] for c in row.columns]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " " + _("and") + " " + names[-1]
    parts = [_("%(kind)s by %(actor)s.") % {"kind": row.kind_display(), "actor": who}]
    step = row.step
    if row.kind == DECISION:
        parts.append(
            _("If yes, go to step %(yes)d; if no, go to step %(no)d.")
            % {"yes": yes_target(step, row.number), "no": step.no_step}
        )
    elif row.kind == END:
        pass
    elif row.number < total:
        parts.append(_("Then step %(next)d.") % {"next": row.number + 1})
    if row.page_break:
        parts.append(_("On paper this step starts a new page."))
    return " ".join(parts)


def build_procedure(actor_names, procedure):
    """The table of one procedure: the actors who take part (in the SOP's order), rows with
    their SVG and a text description of what the drawing shows (for screen readers), the total
    time, and the rows that start a new printed page."""
    used = {key(name) for step in procedure.steps for name in step.actors}
    actors = [name for name in actor_names if key(name) in used]
    known = {key(name) for name in actors}
    for step in procedure.steps:  # a name missing from the list still gets its column
        actors += [name for name in step.actors if key(name) not in known]
        known |= {key(name) for name in step.actors}
    column_of = {key(name): position for position, name in enumerate(actors)}
    columns = max(len(actors), 1)
    steps = procedure.steps
    breaks = set(print_breaks(steps, actors))
    rows = [
        Row(
            number=n,
            step=step,
            columns=sorted({column_of[key(name)] for name in step.actors}) or [0],
            page_break=index in breaks,
        )
        for index, (n, step) in enumerate(enumerate(steps, start=1))
    ]
    total = len(rows)
    drawing = _Drawing(rows, columns)
    for i, row in enumerate(rows):
        if len(row.columns) > 1:
            row.lines.append(
                _line(
                    drawing.column_x(row.columns[0]),
                    "50%",
                    drawing.column_x(row.columns[-1]),
                    "50%",
                    "flow-line flow-line--joint",
                )
            )
        if row.kind == END:
            continue
        if row.kind != DECISION:
            if i + 1 < total:
                drawing.sequential(i)
            continue
        branches = [("yes", yes_target(row.step, row.number)), ("no", row.step.no_step)]
        labels = {"yes": _("Yes"), "no": _("No")}
        lane_branches = [(name, target) for name, target in branches if target != row.number + 1]
        for name, target in branches:
            if target == row.number + 1 and i + 1 < total:
                drawing.sequential(i, labels[name])
        sides = [1] if len(lane_branches) == 1 else [-1, 1]
        # With two lanes, “Tidak” keeps the right side where readers expect it.
        for (name, target), side in zip(
            sorted(lane_branches, key=lambda b: b[0] == "no"), sides, strict=False
        ):
            if 1 <= target <= total:
                drawing.lane(i, target - 1, labels[name], side)
    for row in rows:
        symbols = "".join(
            _at(drawing.column_x(column), "50%", _symbol(row.kind, row.number), "flow-mark")
            for column in row.columns
        )
        row.svg = format_html(
            '<svg class="flow" width="100%" height="100%" aria-hidden="true" focusable="false">'
            '{}<g class="flow-screen">{}</g>{}{}<g class="flow-print">{}</g></svg>',
            mark_safe("".join(row.lines)),  # noqa: S308 -- built with format_html above
            mark_safe("".join(row.screen)),  # noqa: S308
            mark_safe(symbols),  # noqa: S308
            mark_safe("".join(row.marks)),  # noqa: S308
            mark_safe("".join(row.paper)),  # noqa: S308
        )
        row.description = _describe(row, actors, total)
    words = [len(word) for name in actors for word in name.split()]
    longest_word = min(max(words, default=4), 24)  # the classes in guidance.css go 4 to 24
    return {
        "title": procedure.title,
        "actors": actors,
        "rows": rows,
        "columns": columns,
        "print_group": print_group(columns),
        "longest_word": max(longest_word, 4),
        "total_time": total_duration(step.time for step in steps),
        "pages": len(breaks) + 1,
    }
