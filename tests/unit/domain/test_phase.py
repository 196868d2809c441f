"""The expected phase transfer from a date of birth: the year group follows the age on 31 August."""

from datetime import date

import pytest

from service.domain.phase import (
    age_on,
    expected_transfer,
    is_infant_school,
    next_september,
    transfer_in,
    year_group,
)
from service.domain.plan import PhaseTransfer

TODAY = date(2026, 12, 1)  # next September is 2027


@pytest.mark.parametrize(
    ("born", "group"),
    [
        (date(2022, 8, 31), 1),  # 5 on 31 August 2027: Year 1
        (date(2022, 9, 1), 0),  # 4 on 31 August 2027 (5 the next day): Reception
        (date(2023, 8, 31), 0),  # 4 on 31 August 2027: Reception
        (date(2023, 9, 1), -1),  # 3 on 31 August 2027: nursery
        (date(2016, 8, 31), 7),  # 11 on 31 August 2027: Year 7
        (date(2016, 9, 1), 6),
        (date(2011, 8, 31), 12),  # 16: Year 12
        (date(2011, 9, 1), 11),
    ],
)
def test_the_year_group_follows_the_age_on_31_august(born, group):
    assert year_group(born, 2027) == group


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        (date(2023, 8, 31), (PhaseTransfer.EARLY_YEARS_TO_SCHOOL, 2027)),
        (date(2022, 9, 1), (PhaseTransfer.EARLY_YEARS_TO_SCHOOL, 2027)),
        (date(2023, 9, 1), None),  # starts Reception in 2028
        (date(2016, 8, 31), (PhaseTransfer.PRIMARY_TO_SECONDARY, 2027)),
        (date(2015, 9, 1), (PhaseTransfer.PRIMARY_TO_SECONDARY, 2027)),
        (date(2016, 9, 1), None),  # Year 6 next year: moves in 2028
        (date(2015, 8, 31), None),  # already in Year 8
        (date(2011, 8, 31), (PhaseTransfer.SECONDARY_TO_POST_16, 2027)),
        (date(2010, 9, 1), (PhaseTransfer.SECONDARY_TO_POST_16, 2027)),
        (date(2011, 9, 1), None),
        (date(2019, 8, 31), None),  # into Year 3, but not from an infant school
        (None, None),
    ],
)
def test_the_expected_transfer_next_september(born, expected):
    assert expected_transfer(born, TODAY) == expected


def test_infant_to_junior_only_from_an_infant_school():
    born = date(2020, 1, 15)  # 7 on 31 August 2027: Year 3
    assert transfer_in(born, 2027) is None
    assert transfer_in(born, 2027, infant_school=True) == PhaseTransfer.INFANT_TO_JUNIOR
    assert expected_transfer(born, TODAY, infant_school=True) == (PhaseTransfer.INFANT_TO_JUNIOR, 2027)


def test_an_infant_school_from_what_the_register_says():
    assert is_infant_school("Primary", "Community school", "Brook Infant School", 7)
    assert is_infant_school("Primary", "Community school", "Oak School", 7)
    assert is_infant_school(name="Hill Infants' School")
    assert not is_infant_school("Primary", "Community school", "Oak Primary School", 11)
    assert not is_infant_school(name="Brook Infant and Junior School")
    assert not is_infant_school()


def test_next_september_turns_over_on_1_september():
    assert next_september(date(2027, 8, 31)) == 2027
    assert next_september(date(2027, 9, 1)) == 2028
    assert next_september(TODAY) == 2027


def test_age_on_a_29_february_birthday():
    assert age_on(date(2016, 2, 29), date(2027, 2, 28)) == 10
    assert age_on(date(2016, 2, 29), date(2027, 3, 1)) == 11
