from service.domain.disclosure import protect_counts, protect_rate, protect_table


def test_a_small_cell_in_a_row_with_its_total_hides_the_next_smallest():
    t = protect_table([[3, 10, 20]], row_totals=True, column_totals=False)
    assert t.cells == [[None, None, 20]] and t.row_totals == [33]


def test_row_and_column_totals_need_a_rectangle_of_hidden_cells():
    grid = [[2, 10, 12], [8, 9, 15], [20, 30, 40]]
    t = protect_table(grid)
    hidden = {(i, j) for i, row in enumerate(t.cells) for j, v in enumerate(row) if v is None}
    assert (0, 0) in hidden
    for i in range(3):  # no row or column has exactly one hidden cell
        assert sum((i, j) in hidden for j in range(3)) != 1
        assert sum((j, i) in hidden for j in range(3)) != 1
    assert t.row_totals == [24, 32, 90] and t.column_totals == [30, 49, 67] and t.grand_total == 146


def test_zero_is_shown_and_a_series_without_a_total_only_hides_small_counts():
    assert protect_counts([0, 1, 4, 5, 120]) == [0, None, None, 5, 120]


def test_a_small_total_is_hidden_and_its_cells_with_it():
    t = protect_table([[1, 2]], row_totals=True, column_totals=False)
    assert t.cells == [[None, None]] and t.row_totals == [None]


def test_a_single_cell_line_hides_its_total_too():
    t = protect_table([[3]], row_totals=True, column_totals=False)
    assert t.cells == [[None]] and t.row_totals == [None]


def test_rates_hide_a_small_numerator_or_complement():
    assert protect_rate(30, 60).share == 0.5
    assert protect_rate(3, 60).share is None and protect_rate(3, 60).denominator == 60
    assert protect_rate(58, 60).share is None  # 2 plans late would be revealed
    assert protect_rate(0, 60).share == 0.0
    assert protect_rate(2, 3) == protect_rate(2, 3).__class__(None, None, None)
    assert protect_rate(7, None).share is None
