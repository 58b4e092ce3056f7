"""The SOP procedure table's flowchart, drawn on the server as one SVG per table row.

Each row's SVG fills the actor columns of its row. Horizontal positions are percentages of the
row's width (actor k of n sits at (k + 0.5) / n), vertical ones percentages of its height, so the
drawing follows the table however tall a row grows; symbols are nested SVGs of fixed size
centred on their point, so they never stretch. Editors only enter steps; nothing is drawn by hand.
"""

from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

# Half sizes (px) of each symbol: width, height.
SYMBOL_SIZE = {"start": (28, 13), "end": (28, 13), "process": (28, 15), "decision": (30, 18)}
JOG = 12  # px below the top of a row where a line changes columns


@dataclass
class Row:
    number: int
    step: object
    column: int
    svg: str = ""
    description: str = ""
    lines: list = field(default_factory=list)
    marks: list = field(default_factory=list)


def _x(column, columns):
    return f"{(column + 0.5) * 100 / columns:.3f}%"


def _line(x1, y1, x2, y2, css="flow-line"):
    return format_html('<line class="{}" x1="{}" y1="{}" x2="{}" y2="{}"/>', css, x1, y1, x2, y2)


def _at(x, y, inner):
    """Content centred on a point, in a nested SVG so it keeps its own size."""
    return format_html('<svg x="{}" y="{}" overflow="visible">{}</svg>', x, y, inner)


def _symbol(kind, number):
    w, h = SYMBOL_SIZE[kind]
    if kind == "decision":
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


def _arrow_left(kind):
    w, _h = SYMBOL_SIZE[kind]
    return format_html('<polygon class="flow-arrow" points="{},0 {},-5 {},5"/>', w, w + 8, w + 8)


def _label(text, dx, dy, anchor="start"):
    return format_html(
        '<text class="flow-label" x="{}" y="{}" text-anchor="{}">{}</text>', dx, dy, anchor, text
    )


def build_procedure(actors, steps):
    """Rows for the procedure table: each step with its actor column, SVG and a text
    description of what the drawing shows (for screen readers)."""
    columns = max(len(actors), 1)
    index = {actor.name.strip().casefold(): position for position, actor in enumerate(actors)}
    rows = [
        Row(number=n, step=step, column=index.get(step.actor.strip().casefold(), 0))
        for n, step in enumerate(steps, start=1)
    ]
    total = len(rows)
    decisions = 0
    for i, row in enumerate(rows):
        x = _x(row.column, columns)
        kind = row.step.kind
        if i > 0 and rows[i - 1].step.kind != "end":
            prev_x = _x(rows[i - 1].column, columns)
            if prev_x == x:
                row.lines.append(_line(x, 0, x, "50%"))
            else:
                row.lines += [
                    _line(prev_x, 0, prev_x, JOG),
                    _line(prev_x, JOG, x, JOG),
                    _line(x, JOG, x, "50%"),
                ]
            row.marks.append(_at(x, "50%", _arrow_down(kind)))
        if i < total - 1 and kind != "end":
            row.lines.append(_line(x, "50%", x, "100%"))
        if kind == "decision" and row.step.no_step and 1 <= row.step.no_step <= total:
            target = row.step.no_step - 1
            lane = f"{100 - 1.5 - 2.5 * decisions:.2f}%"
            decisions += 1
            w, h = SYMBOL_SIZE["decision"]
            row.lines += [
                _line(x, "50%", lane, "50%", "flow-line flow-line--no"),
                _line(lane, "50%", lane, "100%" if target > i else 0, "flow-line flow-line--no"),
            ]
            row.marks.append(_at(x, "50%", _label(_("Yes"), 5, h + 12)))
            row.marks.append(_at(x, "50%", _label(_("No"), w + 4, -5)))
            for between in rows[min(i, target) + 1 : max(i, target)]:
                between.lines.append(_line(lane, 0, lane, "100%", "flow-line flow-line--no"))
            target_row = rows[target]
            target_x = _x(target_row.column, columns)
            target_row.lines += [
                _line(lane, 0 if target > i else "100%", lane, "50%", "flow-line flow-line--no"),
                _line(lane, "50%", target_x, "50%", "flow-line flow-line--no"),
            ]
            target_row.marks.append(_at(target_x, "50%", _arrow_left(target_row.step.kind)))
    for i, row in enumerate(rows):
        kind = row.step.kind
        symbol = _at(_x(row.column, columns), "50%", _symbol(kind, row.number))
        row.svg = format_html(
            '<svg class="flow" width="100%" height="100%" aria-hidden="true" focusable="false">'
            "{}{}{}</svg>",
            mark_safe("".join(row.lines)),  # noqa: S308 -- built with format_html above
            symbol,
            mark_safe("".join(row.marks)),  # noqa: S308 -- built with format_html above
        )
        actor = actors[row.column].name if actors else ""
        parts = [
            _("%(kind)s by %(actor)s.") % {"kind": row.step.get_kind_display(), "actor": actor}
        ]
        if kind == "decision" and row.step.no_step:
            parts.append(
                _("If yes, continue with step %(yes)d; if no, go to step %(no)d.")
                % {"yes": row.number + 1, "no": row.step.no_step}
            )
        elif i < total - 1 and kind != "end":
            parts.append(_("Then step %(next)d.") % {"next": row.number + 1})
        row.description = " ".join(parts)
    return {"actors": actors, "rows": rows, "columns": columns}
