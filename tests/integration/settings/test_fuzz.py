"""Every field of the settings pages' forms (the filters by query string, correcting, adding, the
inclusion plan, the public filters) with hostile input: no server error, nothing unescaped."""

from __future__ import annotations

from service.data import settings as settings_data
from tests.factories import make_staff
from tests.integration.security.test_fuzz_forms import Fuzzer
from tests.integration.settings.helpers import load_sample
from tests.integration.staff.helpers import sign_in


def test_fuzz_every_settings_field(client, app):
    with app.app_context():
        load_sample()
        river = settings_data.national_by_urn(118393).id
        manager = make_staff("manager")
        from service.data.context import ChangeContext
        from service.db import db
        from tests.integration.settings.helpers import TODAY

        plan_change = ChangeContext(user=manager, ip="", today=TODAY)
        settings_data.save_inclusion_plan(plan_change, partnership="P", offer="O", published=True)
        db.session.commit()
    sign_in(client, app, manager)
    fuzz = Fuzzer(client)
    fuzz.page("/staff/settings")
    fuzz.page(f"/staff/settings/{river}/correct")
    fuzz.page("/staff/settings/new")
    fuzz.page("/staff/inclusion-plan")
    fuzz.page("/local-inclusion-plans/886")
    fuzz.assert_clean()
