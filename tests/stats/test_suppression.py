"""Suppression: no count under 5 is shown, and no hidden cell follows from the published
numbers — checked by solving the linear system of the table's row and column totals."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from stats.suppression import THRESHOLD, publish, suppress, with_totals


def _rank(rows: list[list[Fraction]]) -> int:
    matrix = [row[:] for row in rows]
    rank = 0
    width = len(matrix[0]) if matrix else 0
    for col in range(width):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][col] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for r in range(len(matrix)):
            if r != rank and matrix[r][col] != 0:
                factor = matrix[r][col] / matrix[rank][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        rank += 1
    return rank


def determined_cells(full: list[list[int]], hidden: set[tuple[int, int]]) -> set:
    """The hidden cells whose value the published cells and the totals' equations fix.

    Unknowns: the hidden cells. Equations: each row and each column of the full table sums to
    its total cell. A hidden cell is determined exactly when its unit vector lies in the span
    of the equations' coefficient rows (appending it does not raise the rank).
    """
    unknowns = sorted(hidden)
    index = {cell: k for k, cell in enumerate(unknowns)}
    n_rows, n_cols = len(full), len(full[0])
    equations = []
    for i in range(n_rows):
        row = [Fraction(0)] * len(unknowns)
        for j in range(n_cols):
            if (i, j) in index:
                row[index[i, j]] = Fraction(-1 if j == n_cols - 1 else 1)
        equations.append(row)
    for j in range(n_cols):
        col = [Fraction(0)] * len(unknowns)
        for i in range(n_rows):
            if (i, j) in index:
                col[index[i, j]] = Fraction(-1 if i == n_rows - 1 else 1)
        equations.append(col)
    base = _rank(equations)
    found = set()
    for cell, k in index.items():
        unit = [Fraction(0)] * len(unknowns)
        unit[k] = Fraction(1)
        if _rank([*equations, unit]) == base:
            found.add(cell)
    return found


tables = st.integers(min_value=1, max_value=6).flatmap(
    lambda cols: st.lists(
        st.lists(st.one_of(st.integers(0, 6), st.integers(0, 60)), min_size=cols, max_size=cols),
        min_size=1,
        max_size=7,
    )
)


@given(tables)
def test_no_hidden_cell_can_be_solved_for_and_no_small_count_shows(table):
    full = with_totals(table)
    hidden = suppress(full)
    assert determined_cells(full, hidden) == set()
    published = publish(table)
    for i, row in enumerate(full):
        for j, value in enumerate(row):
            if value < THRESHOLD:
                assert published[i][j] == "<5"
            elif (i, j) in hidden:
                assert published[i][j] == "x"
            else:
                assert published[i][j] == str(value)


def test_a_hand_example():
    # Bắc Ninh women 3 (small), men 10; Hà Nội women 8, men 9.
    assert publish([[3, 10], [8, 9]])[0][0] == "<5"
    full = with_totals([[3, 10], [8, 9]])
    hidden = suppress(full)
    # Hiding only the 3 would let anyone compute it as 13 - 10: more is hidden.
    assert len(hidden) > 1
    assert determined_cells(full, hidden) == set()
    # The naive pattern (only the small cell) is solvable: the check itself can fail.
    assert determined_cells(full, {(0, 0)}) == {(0, 0)}


def test_nothing_is_hidden_when_every_count_is_large():
    assert publish([[10, 20], [30, 40]]) == [
        ["10", "20", "30"],
        ["30", "40", "70"],
        ["40", "60", "100"],
    ]
