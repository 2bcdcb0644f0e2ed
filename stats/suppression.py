"""Small-cell suppression for the public tables: no count under 5 is published, and no hidden
cell can be worked out from the row and column totals that are (secondary suppression).

A table with its totals is seen as a bipartite graph: a node per row and per column (the
totals row and column included) and an edge per hidden cell. Every row and column of the
table, totals included, sums to its total, so a hidden cell's value can be moved along any
cycle of hidden cells (add d, take d, ...) without changing a published number; a hidden
cell on no cycle (a bridge of the graph) is determined by the published numbers. So:
1. hide every count under 5 (totals too);
2. while a row or column has exactly one hidden cell, hide its smallest other cell;
3. while some hidden cell is a bridge, hide the smallest cell that closes a cycle through it.
The result has no bridge: no hidden cell is a linear function of the published ones
(tests/stats/test_suppression.py solves the system to check).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

THRESHOLD = 5
#: A count under the threshold.
SUPPRESSED = "<5"
#: A larger count hidden so that a small one cannot be worked out (secondary suppression).
HIDDEN = "x"

Cell = tuple[int, int]


def with_totals(table: Sequence[Sequence[int]]) -> list[list[int]]:
    """The table with a totals column on the right and a totals row at the bottom."""
    rows = [[*row, sum(row)] for row in table]
    width = len(rows[0]) if rows else 1
    rows.append([sum(row[j] for row in rows) for j in range(width)])
    return rows


def _bridges(hidden: set[Cell]) -> list[Cell]:
    """The hidden cells that lie on no cycle of the row/column graph (Tarjan's bridges)."""
    adjacency: dict[tuple[str, int], list[tuple[tuple[str, int], Cell]]] = {}
    for i, j in hidden:
        adjacency.setdefault(("r", i), []).append((("c", j), (i, j)))
        adjacency.setdefault(("c", j), []).append((("r", i), (i, j)))
    order: dict[tuple[str, int], int] = {}
    low: dict[tuple[str, int], int] = {}
    found: list[Cell] = []
    counter = 0
    for root in sorted(adjacency):
        if root in order:
            continue
        # Iterative depth-first search: (node, edge it was reached by, neighbour iterator).
        order[root] = low[root] = counter
        counter += 1
        stack: list[tuple[tuple[str, int], Cell | None, Any]] = [
            (root, None, iter(adjacency[root]))
        ]
        while stack:
            node, via, neighbours = stack[-1]
            advanced = False
            for nxt, edge in neighbours:
                if edge == via:
                    continue
                if nxt in order:
                    low[node] = min(low[node], order[nxt])
                    continue
                order[nxt] = low[nxt] = counter
                counter += 1
                stack.append((nxt, edge, iter(adjacency[nxt])))
                advanced = True
                break
            if advanced:
                continue
            stack.pop()
            if stack:
                parent = stack[-1][0]
                low[parent] = min(low[parent], low[node])
                if low[node] > order[parent] and via is not None:
                    found.append(via)
    return sorted(found)


def _component(hidden: set[Cell], start: tuple[str, int]) -> set[tuple[str, int]]:
    seen = {start}
    todo = [start]
    while todo:
        kind, index = todo.pop()
        for i, j in hidden:
            if kind == "r" and i == index and ("c", j) not in seen:
                seen.add(("c", j))
                todo.append(("c", j))
            elif kind == "c" and j == index and ("r", i) not in seen:
                seen.add(("r", i))
                todo.append(("r", i))
    return seen


def suppress(full: Sequence[Sequence[int]]) -> set[Cell]:
    """The cells to hide in `full` (a table whose last row and column are its totals)."""
    n_rows, n_cols = len(full), len(full[0])
    cells = [(i, j) for i in range(n_rows) for j in range(n_cols)]
    hidden = {(i, j) for i, j in cells if full[i][j] < THRESHOLD}
    if not hidden:
        return hidden

    def cost(cell: Cell) -> tuple[int, int, int]:
        return (full[cell[0]][cell[1]], cell[0], cell[1])

    changed = True
    while changed:
        changed = False
        for i in range(n_rows):
            in_row = [c for c in hidden if c[0] == i]
            if len(in_row) == 1:
                hidden.add(min((c for c in cells if c[0] == i and c not in hidden), key=cost))
                changed = True
        for j in range(n_cols):
            in_col = [c for c in hidden if c[1] == j]
            if len(in_col) == 1:
                hidden.add(min((c for c in cells if c[1] == j and c not in hidden), key=cost))
                changed = True
    while True:
        bridges = _bridges(hidden)
        if not bridges:
            return hidden
        i, j = bridges[0]
        rest = hidden - {(i, j)}
        row_side = _component(rest, ("r", i))
        column_side = _component(rest, ("c", j))
        # A published cell from a row on the column's side to a column on the row's side.
        options = [
            (a, b)
            for a, b in cells
            if (a, b) not in hidden and ("r", a) in column_side and ("c", b) in row_side
        ]
        if not options:
            # Cannot happen in a table with totals (both sides have a row and a column), but
            # never publish a determinable cell: hide the whole row and column instead.
            hidden |= {c for c in cells if c[0] == i or c[1] == j}
            continue
        hidden.add(min(options, key=cost))


def publish(table: Sequence[Sequence[int]]) -> list[list[str]]:
    """The table with its totals as published text: a count under 5 reads "<5", a larger one
    hidden to protect it reads "x"."""
    full = with_totals(table)
    hidden = suppress(full)
    return [
        [
            (SUPPRESSED if value < THRESHOLD else HIDDEN) if (i, j) in hidden else str(value)
            for j, value in enumerate(row)
        ]
        for i, row in enumerate(full)
    ]
