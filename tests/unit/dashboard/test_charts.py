import re

from service.charts import Series, bar_chart, format_value, line_chart, nice_maximum


def test_nice_maximum_scales():
    assert [nice_maximum(v) for v in (0, 0.7, 3, 12, 26, 480, 1001)] == [1.0, 1.0, 5, 20, 50, 500, 2000]


def test_line_chart_draws_numbers_gaps_for_missing_and_suppressed_and_keeps_them_in_the_table():
    chart = line_chart(
        "c", "Title", "Summary.", ["a", "b", "c", "d"], [Series("Kent", [0.5, None, "[c]", 0.25])], percent=True
    )
    svg = str(chart.svg)
    assert 'role="img"' in svg and 'aria-labelledby="c-title c-desc"' in svg and 'viewBox="0 0 400 240"' in svg
    assert "<polyline" not in svg  # no two neighbouring numbers: markers only
    assert svg.count("<circle") == 2
    assert chart.table.rows == [["a", "50.0%"], ["b", "not available"], ["c", "[c]"], ["d", "25.0%"]]
    # A percent axis runs 0 to 100%: 50% is halfway down the plot (top 12, height 188).
    assert 'cy="106.0"' in svg and "100%" in svg


def test_count_axis_and_dash_styles_differ_by_series():
    chart = line_chart("c", "T", "S.", ["x", "y"], [Series("A", [10, 40]), Series("B", [20, 30])], percent=False)
    svg = str(chart.svg)
    assert "50" in svg and svg.count("<polyline") == 2 and 'stroke-dasharray="8 4"' in svg
    assert "rect" in svg  # B's markers are squares


def test_empty_data_says_so():
    chart = line_chart("e", "T", "S.", [], [Series("A", [])], percent=True)
    assert "No figures to show" in str(chart.svg) and chart.table.rows == []
    bars = bar_chart("b", "T", "S.", ["x"], [Series("A", [None])], percent=True)
    assert "No figures to show" in str(bars.svg) and bars.table.rows == [["x", "not available"]]


def test_bar_chart_patterns_not_colour_alone_and_escapes_text():
    chart = bar_chart(
        "b",
        "T <1>",
        "S & s.",
        ["A & B", "C"],
        [Series("Kent", [0.4, 0.1]), Series("England", [0.3, "[c]"])],
        percent=True,
    )
    svg = str(chart.svg)
    assert 'id="b-pattern-1"' in svg and 'fill="url(#b-pattern-1)"' in svg
    assert "A &amp; B" in svg and "T &lt;1&gt;" in svg
    widths = [float(w) for w in re.findall(r'<rect x="4.0" y="[\d.]+" width="([\d.]+)"', svg)]
    assert widths == [332 * 0.8, 332 * 0.6, 332 * 0.2]  # shares up to 40%: the scale tops at 50%
    assert chart.table.csv().lstrip("\ufeff").splitlines() == [
        "Category,Kent,England",
        "A & B,40.0%,30.0%",
        "C,10.0%,[c]",
    ]


def test_csv_cells_cannot_be_formulas_and_values_format():
    chart = bar_chart("b", "T", "S.", ["=cmd()"], [Series("A", [-0.1])], percent=True)
    assert "'=cmd()" in chart.table.csv() and "-10.0%" in chart.table.csv()
    assert format_value(1234, False) == "1,234" and format_value(None, True) == "not available"
