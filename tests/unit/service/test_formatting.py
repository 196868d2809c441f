"""Dates are shown in GOV.UK style on the Europe/London calendar, whatever the server's time zone."""

from datetime import UTC, date, datetime

from service.formatting import govuk_date, govuk_datetime


def test_dates_have_no_leading_zero_and_the_month_in_full():
    assert govuk_date(date(2027, 6, 4)) == "4 June 2027"


def test_a_utc_time_late_in_a_british_summer_day_is_shown_on_the_next_london_day():
    assert govuk_date(datetime(2027, 6, 4, 23, 30, tzinfo=UTC)) == "5 June 2027"


def test_a_utc_time_in_winter_is_the_same_london_day():
    assert govuk_date(datetime(2027, 1, 4, 23, 30, tzinfo=UTC)) == "4 January 2027"


def test_times_use_the_govuk_style_with_midday_and_midnight():
    assert govuk_datetime(datetime(2027, 6, 4, 13, 5, tzinfo=UTC)) == "4 June 2027 at 2:05pm"
    assert govuk_datetime(datetime(2027, 1, 4, 12, 0, tzinfo=UTC)) == "4 January 2027 at midday"
    assert govuk_datetime(datetime(2027, 1, 4, 0, 0, tzinfo=UTC)) == "4 January 2027 at midnight"


def test_nothing_shows_as_an_empty_string():
    assert govuk_date(None) == "" and govuk_datetime(None) == ""
