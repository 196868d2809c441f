"""Counting: calendar weeks and months, 'beginning with', working days in England."""

from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from service.domain.clock import (
    add_months,
    add_weeks,
    add_working_days,
    bank_holidays,
    days_beginning_with,
    format_govuk_date,
    is_working_day,
    london_date,
    reload_bank_holidays,
    working_days_between,
)

DATES = st.dates(min_value=date(2015, 1, 1), max_value=date(2034, 12, 31))


def test_months_clamp_to_the_end_of_the_month():
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)
    assert add_months(date(2027, 12, 31), 2) == date(2028, 2, 29)


def test_a_leap_day_plus_twelve_months_is_28_february():
    assert add_months(date(2028, 2, 29), 12) == date(2029, 2, 28)


def test_weeks_are_calendar_weeks_and_bank_holidays_do_not_stop_them():
    assert add_weeks(date(2026, 12, 25), 6) == date(2027, 2, 5)


def test_fifteen_days_beginning_with_the_day_of_service_counts_that_day():
    assert days_beginning_with(date(2027, 3, 1), 15) == date(2027, 3, 15)


def test_christmas_and_boxing_day_observed_are_not_working_days():
    holidays = bank_holidays()
    assert date(2026, 12, 25) in holidays and date(2026, 12, 28) in holidays
    assert add_working_days(date(2026, 12, 24), 3) == date(2026, 12, 31)


def test_easter_is_not_working_days():
    assert not is_working_day(date(2027, 3, 26))  # Good Friday
    assert not is_working_day(date(2027, 3, 29))  # Easter Monday
    assert add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)


def test_working_days_between_counts_after_the_start_up_to_the_end():
    assert working_days_between(date(2027, 3, 25), date(2027, 3, 30)) == 1
    assert working_days_between(date(2027, 3, 30), date(2027, 3, 25)) == 0


def test_a_holiday_file_can_replace_the_shipped_one(tmp_path):
    path = tmp_path / "bank-holidays.json"
    path.write_text('{"england-and-wales": {"division": "england-and-wales", "events": [{"date": "2027-06-01"}]}}')
    custom = bank_holidays(str(path))
    assert not is_working_day(date(2027, 6, 1), custom)
    assert is_working_day(date(2027, 12, 27), custom)


def test_london_date_of_a_utc_moment_follows_british_summer_time():
    assert london_date(datetime(2027, 6, 4, 23, 30, tzinfo=UTC)) == date(2027, 6, 5)
    assert london_date(datetime(2027, 1, 4, 23, 30, tzinfo=UTC)) == date(2027, 1, 4)


def test_govuk_date_format():
    assert format_govuk_date(date(2027, 6, 4)) == "4 June 2027"


@settings(max_examples=200)
@given(DATES, st.integers(min_value=1, max_value=30))
def test_adding_working_days_lands_on_a_working_day_after_the_start(start, days):
    result = add_working_days(start, days)
    assert result > start and is_working_day(result)
    assert working_days_between(start, result) == days


@settings(max_examples=200)
@given(DATES, st.integers(min_value=1, max_value=30))
def test_a_period_beginning_with_a_day_includes_it(start, days):
    end = days_beginning_with(start, days)
    assert (end - start).days + 1 == days


def test_a_request_received_on_easter_monday_2027_runs_calendar_weeks_from_that_day():
    # regs 5(1) and 13(2): weeks are calendar weeks from day 0, bank holiday or not
    assert add_weeks(date(2027, 3, 29), 6) == date(2027, 5, 10)
    assert add_weeks(date(2027, 3, 29), 20) == date(2027, 8, 16)


def test_a_leap_day_request_runs_to_the_same_weekday_20_weeks_later():
    assert add_weeks(date(2028, 2, 29), 20) == date(2028, 7, 18)
    assert days_beginning_with(date(2028, 2, 20), 15) == date(2028, 3, 5)  # the 15 days include 29 February


def test_months_count_back_and_across_years():
    assert add_months(date(2027, 3, 31), -1) == date(2027, 2, 28)
    assert add_months(date(2027, 9, 1), -5) == date(2027, 4, 1)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)


def test_working_days_count_back_over_easter():
    assert add_working_days(date(2027, 3, 30), -1) == date(2027, 3, 25)
    assert add_working_days(date(2027, 3, 30), 0) == date(2027, 3, 30)


def test_working_days_between_spans_christmas_and_new_year():
    # 24 Dec 2026 to 4 Jan 2027: 29, 30, 31 December and 4 January (1 January is a bank holiday)
    assert working_days_between(date(2026, 12, 24), date(2027, 1, 4)) == 4


def test_years_beyond_the_file_are_filled_from_the_holidays_package():
    assert date(2040, 12, 25) in bank_holidays()
    assert not is_working_day(date(2040, 12, 26))
    assert add_working_days(date(2040, 12, 24), 1) == date(2040, 12, 27)
    assert date(2040, 12, 25) not in bank_holidays(fill_missing_years=False)


def test_the_holiday_file_can_be_set_by_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "bank-holidays.json"
    path.write_text('{"england-and-wales": {"division": "england-and-wales", "events": [{"date": "2027-06-02"}]}}')
    monkeypatch.setenv("BANK_HOLIDAYS_FILE", str(path))
    reload_bank_holidays()
    try:
        assert date(2027, 6, 2) in bank_holidays(fill_missing_years=False)
        assert date(2027, 12, 27) not in bank_holidays(fill_missing_years=False)
    finally:
        monkeypatch.delenv("BANK_HOLIDAYS_FILE")
        reload_bank_holidays()
    assert date(2027, 12, 27) in bank_holidays()


def test_the_shipped_file_covers_2014_to_2035_with_the_one_off_holidays():
    holidays = bank_holidays(fill_missing_years=False)
    assert {d.year for d in holidays} == set(range(2014, 2036))
    assert date(2022, 9, 19) in holidays  # the State Funeral of Queen Elizabeth II
    assert date(2023, 5, 8) in holidays  # the Coronation of King Charles III


def test_london_date_around_the_clock_changes():
    assert london_date(datetime(2027, 3, 27, 23, 59, tzinfo=UTC)) == date(2027, 3, 27)  # GMT until 01:00 on the 28th
    assert london_date(datetime(2027, 10, 30, 23, 0, tzinfo=UTC)) == date(2027, 10, 31)  # still BST
    assert london_date(datetime(2027, 12, 31, 23, 59)) == date(2027, 12, 31)  # naive: taken as UTC


def test_govuk_dates_have_no_leading_zero_and_none_is_blank():
    assert format_govuk_date(date(2028, 2, 29)) == "29 February 2028"
    assert format_govuk_date(date(2027, 1, 1)) == "1 January 2027"
    assert format_govuk_date(None) == ""
