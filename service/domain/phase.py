"""The phase transfer a child is expected to make, from their date of birth (SEND Regulations 2014, reg 18;
SEND-PROCESS.md 2.4), so a council sees next September's cohort without typing each one in.

English school years: a child's year group follows their age on 31 August before the school year starts.
A child who is 4 on 31 August starts Reception that September (year group 0); Year 1 at 5, ..., Year 7 at 11,
Year 12 at 16. The moves reg 18 names that follow from the year group alone:
- early years to school: into Reception;
- infant to junior: into Year 3, only when the child's setting is an infant school (GIAS phase, type or ages,
  when known: most children stay in an all-through primary school, which is no transfer);
- primary to secondary: into Year 7;
- secondary to post-16: into Year 12.
A move from one post-16 institution to another (reg 18(2)) has no fixed year: a caseworker records it with the
day of the move. The expected transfer is a starting point: a caseworker confirms or changes it on the case.
"""

from __future__ import annotations

from datetime import date

from service.domain.plan import PhaseTransfer

RECEPTION_AGE = 4  # on 31 August before the school year
# The year group (Reception = 0) a child moves into in September, and the transfer that move is.
MOVES: dict[int, PhaseTransfer] = {
    0: PhaseTransfer.EARLY_YEARS_TO_SCHOOL,
    3: PhaseTransfer.INFANT_TO_JUNIOR,
    7: PhaseTransfer.PRIMARY_TO_SECONDARY,
    12: PhaseTransfer.SECONDARY_TO_POST_16,
}


def age_on(born: date, on: date) -> int:
    """Age in whole years on a day (a 29 February birthday counts from 1 March in other years)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def year_group(born: date, september_of: int) -> int:
    """The year group of the school year starting in September of `september_of` (Reception 0, Year 1 1, ...;
    below 0 for a child not yet of school age)."""
    return age_on(born, date(september_of, 8, 31)) - RECEPTION_AGE


def next_september(today: date) -> int:
    """The calendar year of the next September move: this year until the end of August, then next year."""
    return today.year if today.month < 9 else today.year + 1


def is_infant_school(phase: str = "", type_name: str = "", name: str = "", high_age: int | None = None) -> bool:
    """Whether a setting is an infant school (its oldest pupils in Year 2), from what GIAS says of it:
    its statutory highest age (7), or 'Infant' in its name or type. Unknown is not an infant school."""
    if high_age is not None and phase.lower() in ("primary", "") and high_age <= 7 and high_age >= 5:
        return True
    words = f"{name} {type_name}".lower()
    return "infant" in words and "junior" not in words


def transfer_in(born: date, year: int, infant_school: bool = False) -> PhaseTransfer | None:
    """The phase transfer a child born on `born` makes in September of `year`, or None."""
    kind = MOVES.get(year_group(born, year))
    if kind == PhaseTransfer.INFANT_TO_JUNIOR and not infant_school:
        return None
    return kind


def expected_transfer(born: date | None, today: date, infant_school: bool = False) -> tuple[PhaseTransfer, int] | None:
    """The child's phase transfer next September (the kind and the calendar year of the move), or None when
    they make none then (or their date of birth is not known)."""
    if born is None:
        return None
    year = next_september(today)
    kind = transfer_in(born, year, infant_school)
    return None if kind is None else (kind, year)
