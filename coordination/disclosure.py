"""Disclosure control for a published two-way table of counts: no small count for one row
(one village) can be read from the table or worked out from its totals.

The table is rows × columns of whole counts ≥ 0 with every row total, every column total and
the grand total. The method is cell suppression:

1. Primary suppression: a count from 1 to `threshold` − 1 in a cell or in a row total (both
   are counts about one village) is hidden.
2. Complementary (secondary) suppression: more cells or totals are hidden until every hidden
   value could be one higher than it is, with everything shown unchanged. Then no hidden value
   can be worked out, and a reader who knows a hidden count is not zero (say, from the number
   of villages served in a month) still cannot tell 1 from 2. Zero cells and column totals
   may be hidden too; the grand total is always shown.

Why the check is exact. With its totals the table is a flow network: source → row (the row
total) → column (the cell) → sink (the column total) → source (the grand total). Two tables
that agree on every shown value differ by a circulation on the hidden arcs, and such a
circulation is a sum of cycles. So a hidden value can grow by one, in whole numbers and
without any count going below 0, exactly when a cycle through its arc exists in the residual
graph of the other hidden arcs: an arc can always grow, and can shrink only while it is at
least 1. That is a path search. For a hidden value without such a cycle, the complement
hidden is the cheapest path that closes one (Dijkstra over the shown arcs: a cell costs less
than a total, then the smaller count is preferred); every value on that cycle can then move
by one, up or down. Hiding more never takes a cycle away, so one pass over the primary cells
protects them all.

The result depends only on the counts keyed by stable row and column keys: rows or columns
that are all zero are never used as complements, so adding a village or a category with no
sessions does not change how an existing table is published. When no cycle can be closed (a
table with a single busy row or column), `protect` returns None and the table must not be
published at all.

What this does not cover: other tables linked to this one by arithmetic. A public table
without the row dimension (figures per month, per category) reveals no row; a new table that
breaks the same counts down by row must be protected together with this one.
"""

import dataclasses
import heapq
from collections import defaultdict, deque

SOURCE = ("S",)
SINK = ("T",)
CELL_WEIGHT = 1
TOTAL_WEIGHT = 2


@dataclasses.dataclass(frozen=True)
class Arc:
    key: tuple
    tail: tuple
    head: tuple
    value: int


@dataclasses.dataclass
class ProtectedTable:
    """A table ready to publish: None stands for a hidden value."""

    rows: list
    columns: list
    cells: dict
    row_totals: dict
    column_totals: dict
    total: int
    hidden: frozenset

    def row_values(self, row):
        return [self.cells[(row, column)] for column in self.columns]


def _arcs(counts, rows, columns):
    row_total = {row: sum(counts.get((row, column), 0) for column in columns) for row in rows}
    column_total = {column: sum(counts.get((row, column), 0) for row in rows) for column in columns}
    arcs = [Arc(("row", row), SOURCE, ("R", row), row_total[row]) for row in rows]
    arcs += [
        Arc(("cell", row, column), ("R", row), ("C", column), counts.get((row, column), 0))
        for row in rows
        for column in columns
    ]
    arcs += [Arc(("col", column), ("C", column), SINK, column_total[column]) for column in columns]
    return arcs, row_total, column_total


def _hiding_cost(arc, busy_rows, busy_columns, unit):
    """What hiding the arc costs, or None when it must not be used as a complement."""
    if arc.key[0] == "cell":
        if arc.key[1] not in busy_rows or arc.key[2] not in busy_columns:
            return None
        return CELL_WEIGHT * unit + arc.value
    if arc.value == 0:
        return None
    return TOTAL_WEIGHT * unit + arc.value


def _residual_edges(arc):
    """(from, to) pairs along which a cycle may use the arc: forward always, back while ≥ 1."""
    yield arc.tail, arc.head
    if arc.value >= 1:
        yield arc.head, arc.tail


def _reachable(start, goal, arcs):
    edges = defaultdict(list)
    for arc in arcs:
        for a, b in _residual_edges(arc):
            edges[a].append(b)
    seen, queue = {start}, deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return True
        for nxt in edges[node]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return False


def can_grow(arc, hidden_arcs):
    """True when the hidden arc's value can be one higher with all shown values kept."""
    others = [other for other in hidden_arcs if other.key != arc.key]
    return _reachable(arc.head, arc.tail, others)


def _cheapest_path(start, goal, usable):
    """Dijkstra over `usable` {arc: cost}; the arcs of the cheapest path, or None."""
    edges = defaultdict(list)
    for arc, cost in usable.items():
        for a, b in _residual_edges(arc):
            edges[a].append((b, cost, arc))
    best = {start: 0}
    came_by = {}
    heap = [(0, start)]
    while heap:
        cost, node = heapq.heappop(heap)
        if node == goal:
            path, at = [], goal
            while at != start:
                previous, arc = came_by[at]
                path.append(arc)
                at = previous
            return cost, path
        if cost > best.get(node, cost):
            continue
        for nxt, step, arc in sorted(edges[node], key=lambda edge: (edge[1], edge[0])):
            total = cost + step
            if total < best.get(nxt, total + 1):
                best[nxt] = total
                came_by[nxt] = (node, arc)
                heapq.heappush(heap, (total, nxt))
    return None


def _close_cycle(arc, hidden, costs):
    """The shown arcs to hide so that `arc` can grow along a cycle of hidden arcs, or None."""
    usable = {
        other: 0 if other.key in hidden else cost
        for other, cost in costs.items()
        if other.key != arc.key and (other.key in hidden or cost is not None)
    }
    found = _cheapest_path(arc.head, arc.tail, usable)
    if found is None:
        return None
    _cost, path = found
    return {other.key for other in path if other.key not in hidden}


def protect(counts, rows, columns, *, threshold=3):
    """Publishable form of the table `counts` {(row, column): n} over `rows` × `columns`
    (lists of sortable keys in display order), or None when it cannot be protected."""
    arcs, row_total, column_total = _arcs(counts, rows, columns)
    by_key = {arc.key: arc for arc in arcs}
    grand_total = sum(row_total.values())
    busy_rows = {row for row in rows if row_total[row]}
    busy_columns = {column for column in columns if column_total[column]}
    unit = (len(arcs) + 1) * (grand_total + 1)
    costs = {arc: _hiding_cost(arc, busy_rows, busy_columns, unit) for arc in arcs}

    primary = sorted(
        arc.key for arc in arcs if arc.key[0] in ("cell", "row") and 1 <= arc.value < threshold
    )
    hidden = set(primary)
    for key in primary:
        arc = by_key[key]
        if can_grow(arc, [by_key[k] for k in hidden]):
            continue
        added = _close_cycle(arc, hidden, costs)
        if not added:
            return None
        hidden |= added
    hidden_arcs = [by_key[k] for k in hidden]
    if not all(can_grow(arc, hidden_arcs) for arc in hidden_arcs):
        return None

    def shown(key):
        return None if key in hidden else by_key[key].value

    return ProtectedTable(
        rows=list(rows),
        columns=list(columns),
        cells={(r, c): shown(("cell", r, c)) for r in rows for c in columns},
        row_totals={r: shown(("row", r)) for r in rows},
        column_totals={c: shown(("col", c)) for c in columns},
        total=grand_total,
        hidden=frozenset(hidden),
    )
