"""An attacker's view of a published village × category table: every value it hides is a
whole number ≥ 0, every shown value is exact, and cells add up to the shown totals. For each
hidden value the smallest and largest value consistent with all of that are found by integer
programming (scipy's HiGHS), independently of how the portal chose what to hide.

`Published` is what one page shows; `hidden_ranges` solves one page or, given two pages of
the same table on consecutive days, both together: the second day's counts can only have
grown, by as many sessions in all as its total grew.
"""

import dataclasses

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp


@dataclasses.dataclass
class Published:
    rows: list
    columns: list
    cells: dict  # (row, column) -> int or None (hidden)
    row_totals: dict  # row -> int or None
    column_totals: dict  # column -> int or None
    total: int  # the grand total (the sum of the per-month sessions shown)


def _names(table):
    names = [("cell", r, c) for r in table.rows for c in table.columns]
    names += [("row", r) for r in table.rows] + [("col", c) for c in table.columns]
    return names


def _shown(table, name):
    if name[0] == "cell":
        return table.cells[(name[1], name[2])]
    if name[0] == "row":
        return table.row_totals[name[1]]
    return table.column_totals[name[1]]


def hidden_ranges(*days):
    """{(day index, name): (lowest, highest)} for every hidden value of every day given."""
    blocks = [_names(table) for table in days]
    offsets = np.cumsum([0] + [len(names) for names in blocks])
    size = int(offsets[-1])
    index = {
        (day, name): int(offsets[day]) + i
        for day, names in enumerate(blocks)
        for i, name in enumerate(names)
    }
    lower = np.zeros(size)
    upper = np.full(size, float(max(table.total for table in days)))
    rows, bounds = [], []

    def equation(coefficients, value):
        row = np.zeros(size)
        for position, coefficient in coefficients:
            row[position] += coefficient
        rows.append(row)
        bounds.append(value)

    for day, table in enumerate(days):
        for name in blocks[day]:
            value = _shown(table, name)
            if value is not None:
                lower[index[(day, name)]] = upper[index[(day, name)]] = value
        for r in table.rows:
            cells = [(index[(day, ("cell", r, c))], 1) for c in table.columns]
            equation([*cells, (index[(day, ("row", r))], -1)], 0)
        for c in table.columns:
            cells = [(index[(day, ("cell", r, c))], 1) for r in table.rows]
            equation([*cells, (index[(day, ("col", c))], -1)], 0)
        equation([(index[(day, ("row", r))], 1) for r in table.rows], table.total)
    linked = []
    for day in range(1, len(days)):
        before, after = days[day - 1], days[day]
        assert before.rows == after.rows and before.columns == after.columns
        # Counts only grow from one day to the next: after − before ≥ 0, cell by cell.
        for r in after.rows:
            for c in after.columns:
                linked.append((index[(day - 1, ("cell", r, c))], index[(day, ("cell", r, c))]))
    constraints = [LinearConstraint(np.array(rows), bounds, bounds)]
    if linked:
        growth = np.zeros((len(linked), size))
        for k, (a, b) in enumerate(linked):
            growth[k, a], growth[k, b] = -1, 1
        constraints.append(LinearConstraint(growth, 0, np.inf))
    integrality = np.ones(size)
    ranges = {}
    for (day, name), position in index.items():
        if _shown(days[day], name) is not None:
            continue
        objective = np.zeros(size)
        objective[position] = 1
        found = []
        for sign in (1, -1):
            result = milp(
                sign * objective,
                constraints=constraints,
                integrality=integrality,
                bounds=Bounds(lower, upper),
            )
            assert result.success, result.message
            found.append(round(sign * result.fun))
        ranges[(day, name)] = tuple(found)
    return ranges


def determined(*days):
    """The hidden values an attacker can work out exactly: {(day, name): value}."""
    return {key: low for key, (low, high) in hidden_ranges(*days).items() if low == high}
