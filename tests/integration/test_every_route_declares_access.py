"""Every route declares who may use it (public, family, staff roles...): a new route without a
declaration fails here. The declaration is the `access` attribute set by the access decorators."""

from service.auth.access import access_of


def test_every_route_declares_who_may_use_it(app):
    undeclared = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and access_of(app.view_functions[rule.endpoint]) is None
    ]
    assert undeclared == []


def test_staff_routes_declare_their_roles(app):
    staff = {
        rule.rule: access_of(app.view_functions[rule.endpoint])
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/staff/")
    }
    assert staff["/staff/team"] == "staff:manager"
    assert staff["/staff/cases/<int:case_id>/record-step"] == "staff:caseworker,manager"
    assert staff["/staff/cases/<int:case_id>/record-step/<step>"] == "staff:caseworker,manager"
    assert staff["/staff/cases"].startswith("staff:") and "read_only" in staff["/staff/cases"]
    public = {
        "/staff/sign-in",
        "/staff/sign-in/code",
        "/staff/sign-in/council/<la_code>",  # issue 19: the council's own sign-in (Entra ID), then the code
        "/staff/sign-in/oidc/callback",
        "/staff/signed-out",
        "/staff/invitation/<token>",
        "/staff/unlock/<token>",
    }
    assert {path for path, access in staff.items() if not access.startswith("staff:")} == public
