"""The search at the data layer: nearest first across pages, closed settings, a council's copies shadowing
the national rows, and the public list of a council's area."""

from __future__ import annotations

from sqlmodel import select

from service.data import settings as settings_data
from service.data.context import ChangeContext
from service.db import db
from service.domain import settings as rules
from service.domain.settings import SettingFilters
from service.models import Setting
from tests.factories import LEEDS, council, make_staff
from tests.integration.settings.helpers import TODAY, load_sample, variant


def test_nearest_first_pages_match_a_full_sort(app_context):
    load_sample()
    kent = council()
    river = settings_data.national_by_urn(118393)
    everything = sorted(
        (s for s in db.session.exec(select(Setting)) if s.easting is not None),
        key=lambda s: (rules.distance_miles(s.easting, s.northing, river.easting, river.northing), s.name, s.id),
    )
    first = settings_data.search(kent, SettingFilters(near_urn=118393))
    second = settings_data.search(kent, SettingFilters(near_urn=118393, page=2))
    assert first.total == len(everything) == 35
    assert [s.urn for s in first.rows + second.rows] == [s.urn for s in everything]
    assert first.distances[first.rows[0].id] == 0


def test_closed_settings_are_left_out_unless_asked_for(app_context, tmp_path):
    load_sample()
    load_sample(variant(tmp_path, drop={"118931"}))
    kent = council()
    assert settings_data.search(kent, SettingFilters(urn=118931)).total == 0
    assert [s.urn for s in settings_data.search(kent, SettingFilters(urn=118931, include_closed=True)).rows] == [118931]


def test_a_councils_copy_replaces_the_national_row_for_that_council_only(app_context):
    load_sample()
    kent, leeds = council(), council(LEEDS)
    user = make_staff("caseworker")
    river = settings_data.national_by_urn(118393)
    copy = settings_data.correct(ChangeContext(user=user, ip="", today=TODAY), river, {"sen_needs": "|ASD|SLCN|"}, "r")
    db.session.commit()
    kent_rows = settings_data.search(kent, SettingFilters(name="River")).rows
    assert [(s.id, s.source) for s in kent_rows] == [(copy.id, "corrected")]
    assert [s.id for s in settings_data.search(leeds, SettingFilters(name="River")).rows] == [river.id]
    assert settings_data.search(kent, SettingFilters(needs=("ASD",), name="River")).total == 1
    assert settings_data.search(leeds, SettingFilters(needs=("ASD",), name="River")).total == 0
    assert settings_data.setting_for(kent.id, river.id).id == copy.id  # the national id shows Kent's copy
    assert settings_data.setting_for(leeds.id, copy.id) is None


def test_the_public_list_is_the_councils_area_and_its_additions(app_context):
    load_sample()
    kent = council()
    user = make_staff("caseworker")
    settings_data.add_local(ChangeContext(user=user, ip="", today=TODAY), {"name": "Dover Hub", "sen_needs": "|SEMH|"})
    db.session.commit()
    listed = settings_data.settings_in_area(kent)
    assert listed.total == 19 and all(s.la_code == "886" for s in listed.rows)
    semh = settings_data.settings_in_area(kent, needs=("SEMH",))
    assert {"Dover Hub", "The Sallygate School"} <= {s.name for s in semh.rows}
