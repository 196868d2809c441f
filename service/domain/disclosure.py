"""Statistical disclosure control of live figures (issue 17): a count from 1 to 4 could point at a child,
so it is not shown ("[c]", as DfE marks confidential cells), and neither is any other cell that would let
a reader work it out from a total or a difference (secondary suppression).

Zero is shown: it reveals nothing about a child. Published DfE figures are not passed through here: they
are already public, with DfE's own suppression.

- `protect_table`: a grid of counts with its row totals and column totals shown. Primary: every cell and
  total from 1 to 4. Secondary: a row or column with exactly one hidden value among its cells and total has
  its smallest other value hidden too (the smallest above zero first, the total only when no cell is left), repeated until
  no row or column has a single hidden value, so no subtraction recovers a hidden one.
- `protect_rate`: a rate's numerator and its complement (denominator - numerator) both reveal a count when
  the denominator is shown, so the rate is hidden when either is from 1 to 4, or the denominator is.
"""

from __future__ import annotations

from dataclasses import dataclass

from service.domain.figures import SUPPRESS_BELOW

SUPPRESSED_MARK = "[c]"


def is_small(count: int) -> bool:
    return 0 < count < SUPPRESS_BELOW


@dataclass(frozen=True)
class ProtectedTable:
    """None where a value is not shown."""

    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    grand_total: int | None


def protect_table(grid: list[list[int]], *, row_totals: bool = True, column_totals: bool = True) -> ProtectedTable:
    """Suppress small counts in `grid` and enough others that the totals shown cannot reveal them. Totals
    are computed here from the grid; pass row_totals/column_totals False for margins the page does not show
    (those lines then need no secondary suppression)."""
    rows = len(grid)
    columns = max((len(r) for r in grid), default=0)
    cells = [list(r) + [0] * (columns - len(r)) for r in grid]
    hidden = [[is_small(v) for v in r] for r in cells]
    r_tot = [sum(r) for r in cells]
    c_tot = [sum(cells[i][j] for i in range(rows)) for j in range(columns)]
    r_hidden = [row_totals and is_small(t) for t in r_tot]
    c_hidden = [column_totals and is_small(t) for t in c_tot]
    grand = sum(r_tot)
    grand_hidden = row_totals and column_totals and is_small(grand)

    def settle(values: list[int], flags: list[bool], total: int, total_flag: bool) -> tuple[int | None, bool]:
        """For one line with its total shown: the index of a cell to hide (or -1 for the total), if the line
        has exactly one hidden value; (None, False) when the line is safe."""
        count = sum(flags) + total_flag
        if count != 1:
            return None, False
        # The smallest count above zero: a hidden zero beside a hidden small count protects less.
        choices = [(values[k] == 0, values[k], k) for k in range(len(values)) if not flags[k]]
        if choices:
            return min(choices)[2], False
        return -1, not total_flag

    changed = True
    while changed:
        changed = False
        if row_totals:
            for i in range(rows):
                index, hide_total = settle(cells[i], hidden[i], r_tot[i], r_hidden[i])
                if index is not None and index >= 0:
                    hidden[i][index] = changed = True
                elif hide_total:
                    r_hidden[i] = changed = True
        if column_totals:
            for j in range(columns):
                column = [cells[i][j] for i in range(rows)]
                flags = [hidden[i][j] for i in range(rows)]
                index, hide_total = settle(column, flags, c_tot[j], c_hidden[j])
                if index is not None and index >= 0:
                    hidden[index][j] = changed = True
                elif hide_total:
                    c_hidden[j] = changed = True
        # The margins are a line of their own with the grand total.
        if row_totals and column_totals:
            index, hide_total = settle(r_tot, r_hidden, grand, grand_hidden)
            if index is not None and index >= 0:
                r_hidden[index] = changed = True
            elif hide_total:
                grand_hidden = changed = True
            index, hide_total = settle(c_tot, c_hidden, grand, grand_hidden)
            if index is not None and index >= 0:
                c_hidden[index] = changed = True
            elif hide_total:
                grand_hidden = changed = True
    return ProtectedTable(
        cells=[[None if hidden[i][j] else cells[i][j] for j in range(columns)] for i in range(rows)],
        row_totals=[None if r_hidden[i] else r_tot[i] for i in range(rows)] if row_totals else [],
        column_totals=[None if c_hidden[j] else c_tot[j] for j in range(columns)] if column_totals else [],
        grand_total=None if grand_hidden or not (row_totals and column_totals) else grand,
    )


def protect_counts(counts: list[int], *, total_shown: bool = False) -> list[int | None]:
    """A single list of counts (a series or a breakdown): small ones hidden, and, when its total is shown,
    one more so the total cannot reveal a hidden count."""
    return protect_table([counts], row_totals=total_shown, column_totals=False).cells[0] if counts else []


@dataclass(frozen=True)
class Rate:
    numerator: int | None
    denominator: int | None
    share: float | None  # None when not shown or no denominator


def protect_rate(numerator: int, denominator: int | None) -> Rate:
    """A rate with its counts, as far as they can be shown. No denominator (or 0): nothing to show."""
    if not denominator:
        return Rate(numerator if not is_small(numerator) else None, denominator, None)
    if is_small(denominator):
        return Rate(None, None, None)
    if is_small(numerator) or is_small(denominator - numerator):
        return Rate(None, denominator, None)
    return Rate(numerator, denominator, numerator / denominator)
