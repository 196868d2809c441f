from service.domain.figures import DEFAULT_THRESHOLDS, Measure, Threshold
from service.domain.ladder import crossing, effective_thresholds, previous_months
from service.domain.published import ENGLAND, age_band, number, published


def test_suppression_codes_are_not_available_never_zero():
    assert [number(c) for c in ("x", "z", "c", "low", "", "12", "1,234")] == [
        None,
        None,
        None,
        None,
        None,
        12.0,
        1234.0,
    ]
    figures = published()
    assert figures.value(Measure.DECISIONS_WITHIN_6_WEEKS, "886", 2019) is None  # published as "x"


def test_published_figures_for_kent_and_england():
    figures = published()
    assert round(figures.value(Measure.PLANS_WITHIN_20_WEEKS, "886", 2024), 3) == 0.323
    assert round(figures.value(Measure.PLANS_WITHIN_20_WEEKS, ENGLAND, 2024), 3) == 0.459
    assert figures.value(Measure.ACTIVE_PLANS, "886", 2025) == 20635
    similar = figures.similar_councils("886")
    assert len(similar) == 10 and "886" not in similar
    assert {figures.areas[k].region for k in similar} == {"South East"}
    assert [age_band(b) for b in ("under 3", "age 4", "age 5", "age 16", "age 25")] == [
        "under 5",
        "under 5",
        "5-10",
        "16-19",
        "20-25",
    ]


def test_crossing_needs_every_month_beyond_the_level():
    t = Threshold("t", Measure.PLANS_WITHIN_20_WEEKS, "below", 0.5, 3, "")
    assert previous_months("2026-02", 3) == ["2025-12", "2026-01", "2026-02"]
    low = {"2025-12": (1, 10), "2026-01": (2, 10), "2026-02": (4, 10)}
    assert crossing(low, t, "2026-02").crossed
    assert not crossing(low | {"2026-01": (5, 10)}, t, "2026-02").crossed  # 50% is not below 50%
    missing = {"2025-12": (1, 10), "2026-02": (4, 10)}
    assert not crossing(missing, t, "2026-02").crossed and crossing(missing, t, "2026-02").months_judged == 2
    above = Threshold("a", Measure.REVIEWS_OVERDUE, "above", 0.2, 1, "")
    assert crossing({"2026-02": (3, 10)}, above, "2026-02").crossed


def test_stored_thresholds_override_defaults_by_code():
    changed = Threshold(DEFAULT_THRESHOLDS[0].code, DEFAULT_THRESHOLDS[0].measure, "below", 0.4, 6, "x")
    out = effective_thresholds([changed])
    assert out[0] == changed and out[1:] == list(DEFAULT_THRESHOLDS[1:])
