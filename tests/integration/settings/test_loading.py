"""flask load-settings: by URN, idempotent, closing what a refresh drops, refusing a changed header, and
keeping a council's corrections across refreshes."""

from __future__ import annotations

import gzip
import json

from sqlmodel import col, func, select

from service.data import settings as settings_data
from service.data.context import ChangeContext
from service.db import db
from service.models import AuditEvent, Setting, SettingCorrection
from tests.factories import council, make_staff
from tests.integration.settings.helpers import SAMPLE, TODAY, load_sample, variant


def _count() -> int:
    return db.session.exec(select(func.count()).select_from(Setting)).one()


def test_loading_twice_adds_then_changes_nothing(app_context):
    first = load_sample()
    assert (first.added, first.changed, first.closed, first.unchanged, first.rows) == (35, 0, 0, 0, 35)
    second = load_sample()
    assert (second.added, second.changed, second.closed, second.unchanged) == (0, 0, 0, 35)
    river = settings_data.national_by_urn(118393)
    assert river.name == "River Primary School" and river.la_code == "886" and river.town == "Dover"
    assert river.sen_needs == "|SLCN|" and river.resourced_provision == "Resourced provision"
    assert (river.rp_capacity, river.rp_on_roll, river.low_age, river.high_age) == (12, 12, 4, 11)
    assert river.last_changed_on.isoformat() == "2025-07-08" and river.easting == 629160
    assert settings_data.national_by_urn(147958).section41 is True


def test_a_changed_header_fails_naming_the_columns_and_changes_nothing(app_context, tmp_path):
    load_sample()
    bad = variant(
        tmp_path,
        rename={"SEN1 (name)": "SEN 1", "Easting": "X"},
        change={"118393": {"EstablishmentName": "Renamed"}},
    )
    runner = app_context.test_cli_runner()
    result = runner.invoke(args=["load-settings", str(bad)])
    assert result.exit_code == 1
    assert "The file is missing columns: Easting, SEN1 (name)" in result.output
    assert settings_data.national_by_urn(118393).name == "River Primary School" and _count() == 35


def test_the_command_reads_gzip_and_reports(app_context, tmp_path):
    path = tmp_path / "gias.csv.gz"
    path.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    result = app_context.test_cli_runner().invoke(args=["load-settings", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Settings: 35 added, 0 changed, 0 closed, 0 unchanged (35 rows read in ")


def test_a_changed_row_is_changed_and_a_councils_correction_is_kept(app_context, tmp_path):
    load_sample()
    kent = council()
    user = make_staff("caseworker")
    change = ChangeContext(user=user, ip="127.0.0.1", today=TODAY)
    river = settings_data.national_by_urn(118393)
    copy = settings_data.correct(change, river, {"rp_capacity": 16, "name": river.name}, "The unit grew")
    db.session.commit()
    copy_id = copy.id
    report = load_sample(
        variant(tmp_path, change={"118393": {"TelephoneNum": "01304000000", "ResourcedProvisionOnRoll": "14"}})
    )
    assert (report.added, report.changed, report.closed, report.unchanged) == (0, 1, 0, 34)
    copy = settings_data.setting_by_urn(kent.id, 118393)
    assert copy.id == copy_id and copy.source == "corrected"
    assert (copy.rp_capacity, copy.rp_on_roll, copy.telephone) == (16, 14, "01304000000")
    assert settings_data.national_by_urn(118393).rp_capacity == 12
    correction = db.session.exec(select(SettingCorrection)).one()
    assert json.loads(correction.fields) == {"rp_capacity": 16}
    assert db.session.exec(select(AuditEvent).where(AuditEvent.action == "setting.correct")).one().case_id is None


def test_a_dropped_urn_is_closed_and_reopens_when_it_returns(app_context, tmp_path):
    load_sample()
    report = load_sample(variant(tmp_path, drop={"118931"}))
    assert (report.added, report.changed, report.closed, report.unchanged) == (0, 0, 1, 34)
    closed = settings_data.national_by_urn(118931)
    assert closed.closed_on == TODAY and closed.status == "Closed"
    assert load_sample(variant(tmp_path, drop={"118931"})).closed == 0
    again = load_sample()
    assert (again.changed, again.closed) == (1, 0)
    assert settings_data.national_by_urn(118931).closed_on is None
    assert settings_data.national_by_urn(118931).status == "Open"


def test_the_demo_loader_adds_only_the_demo_settings_when_missing(app_context):
    assert settings_data.load_demo_settings(TODAY) == len(settings_data.DEMO_URNS)
    assert settings_data.load_demo_settings(TODAY) == 0
    urns = set(db.session.exec(select(Setting.urn).order_by(col(Setting.urn))))
    assert urns == set(settings_data.DEMO_URNS)


def test_the_full_shipped_file_loads_in_under_a_minute_and_reloads_as_a_no_op(app_context):
    first = settings_data.load_gias(settings_data.SHIPPED_FILE, TODAY)
    db.session.commit()
    assert first.added == first.rows == 27256 and first.seconds < 60
    second = settings_data.load_gias(settings_data.SHIPPED_FILE, TODAY)
    db.session.commit()
    assert (second.added, second.changed, second.closed, second.unchanged) == (0, 0, 0, 27256)
