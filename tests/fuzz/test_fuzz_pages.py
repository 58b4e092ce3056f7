"""Junk to every form field and query parameter of every public, operator and staff URL.

The URLs come from the URL conf, the fields from the forms each view uses and the query
parameters from the views' code (`tests/fuzz/discovery.py`). Each URL is sent, as an anonymous
visitor, a village operator and kecamatan staff:
  * every method (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS) with nothing;
  * each kind of junk (`tests/fuzz/junk.py`) in every query parameter and form field at once;
  * with the user it is meant for: a valid form, then each field alone with the junk of its
    type, then every field of one type together (both days of a range far ahead), and the
    query parameters alone with junk and with the values the view looks for;
  * junk in its path parameters (ids beyond any database integer, long slugs, NUL).
No answer may be a 5xx, and nothing may change unless a POST was accepted (a status below
400). The only hand-written part is PATH_ARGS: which object's URL to use, since that cannot
be read from the code; a URL without an entry fails `test_every_url_is_fuzzed`.
"""

import datetime
from urllib.parse import quote

import pytest
import time_machine
from django.urls import reverse

from tests.bookings.conftest import NOW
from tests.fuzz import discovery
from tests.fuzz.junk import JUNK, RAW, junk_for, kind_of, posted_names, valid_value
from tests.fuzz.runner import Fuzzer, clients_for

ROLES = ("anonymous", "operator", "staff")
# An open working day within the booking window of the frozen NOW.
DAY = datetime.date(2026, 5, 7)


def _page(world):
    return {"_paths": [world.guide.url, world.sop.url, "/", "/panduan/"]}


# URL name → (the user it is meant for, its path parameters in the fuzz world).
PATH_ARGS = {
    "account": ("operator", lambda w: {}),
    "body_invitation": ("anonymous", lambda w: {"token": w.invitation_token}),
    "body_manage": ("operator", lambda w: {}),
    "body_withdraw": ("operator", lambda w: {"pk": w.body.pk}),
    "bookings:answer": ("operator", lambda w: {"pk": w.asked.pk}),
    "bookings:attachment": ("operator", lambda w: {"pk": w.pending.pk}),
    "bookings:history_attachment": ("operator", lambda w: {"pk": w.asked.pk, "entry": 1}),
    "bookings:booking_calendar": ("operator", lambda w: {"pk": w.pending.pk}),
    "bookings:cancel": ("operator", lambda w: {"pk": w.pending.pk}),
    "bookings:detail": ("operator", lambda w: {"pk": w.asked.pk}),
    "bookings:feed_token": ("operator", lambda w: {}),
    "bookings:list": ("operator", lambda w: {}),
    "bookings:new": ("operator", lambda w: {}),
    "bookings:reschedule": ("operator", lambda w: {"pk": w.pending.pk}),
    "bookings:room_feed": ("anonymous", lambda w: {"slug": w.room.slug}),
    "bookings:schedule": ("anonymous", lambda w: {}),
    "bookings:sent": ("operator", lambda w: {"pk": w.pending.pk}),
    "bookings:village_feed": ("anonymous", lambda w: {"token": w.token.token}),
    "bookings:waitlist_accept": ("operator", lambda w: {"pk": w.offered.pk}),
    "bookings:waitlist_decline": ("operator", lambda w: {"pk": w.offered.pk}),
    "bookings:waitlist_join": ("operator", lambda w: {}),
    "bookings:waitlist_withdraw": ("operator", lambda w: {"pk": w.waiting.pk}),
    "bookings_staff:action": ("staff", lambda w: {"pk": w.pending.pk, "action": "move"}),
    "bookings_staff:calendar": ("staff", lambda w: {}),
    "bookings_staff:detail": ("staff", lambda w: {"pk": w.pending.pk}),
    "bookings_staff:new": ("staff", lambda w: {}),
    "bookings_staff:queue": ("staff", lambda w: {}),
    "bookings_staff:queue_results": ("staff", lambda w: {}),
    "coordination:follow_ups": ("operator", lambda w: {}),
    "coordination:progress": ("operator", lambda w: {"pk": w.follow_up.pk}),
    "coordination:evidence": ("operator", lambda w: {"pk": w.follow_up.pk}),
    "coordination:session": ("operator", lambda w: {"pk": w.held.pk}),
    "coordination:transparency": ("anonymous", lambda w: {}),
    "coordination:transparency_year": ("anonymous", lambda w: {"year": 2025}),
    "coordination_admin:follow_up_move": ("staff", lambda w: {"pk": w.follow_up.pk}),
    "coordination_admin:outcome_open": ("staff", lambda w: {"pk": w.held.pk}),
    "coordination_admin:follow_ups": ("staff", lambda w: {}),
    "coordination_admin:report": ("staff", lambda w: {}),
    "coordination_admin:report_print": ("staff", lambda w: {}),
    "coordination_admin:session_mark": ("staff", lambda w: {"pk": w.due.pk}),
    "coordination_admin:sessions": ("staff", lambda w: {}),
    "guidance:documents": ("anonymous", lambda w: {}),
    "guidance:feedback": ("anonymous", lambda w: {"page_id": w.guide.pk}),
    "guidance:search": ("anonymous", lambda w: {}),
    "guidance:search_open": ("anonymous", lambda w: {"kind": "halaman", "pk": w.guide.pk}),
    "guidance_feedback_summary": ("staff", lambda w: {}),
    "guidance_feedback_summary_results": ("staff", lambda w: {}),
    "guidance_review_overdue": ("staff", lambda w: {}),
    "guidance_unanswered_queries": ("staff", lambda w: {}),
    "guidance_unanswered_queries_results": ("staff", lambda w: {}),
    "guidance_sop_export": ("staff", lambda w: {"page_id": w.sop.pk}),
    "guidance_sop_import": ("staff", lambda w: {}),
    "guidance_sop_template": ("staff", lambda w: {}),
    "guidance_review_overdue_results": ("staff", lambda w: {}),
    "healthz": ("anonymous", lambda w: {}),
    "login": ("anonymous", lambda w: {}),
    "logout": ("operator", lambda w: {}),
    "offline": ("anonymous", lambda w: {}),
    "offline_not_sent": ("anonymous", lambda w: {}),
    "password_reset": ("anonymous", lambda w: {}),
    "password_reset_complete": ("anonymous", lambda w: {}),
    "password_reset_confirm": ("anonymous", lambda w: {"uidb64": "MQ", "token": "set-password"}),
    "password_reset_done": ("anonymous", lambda w: {}),
    "robots_txt": ("anonymous", lambda w: {}),
    "service_worker": ("anonymous", lambda w: {}),
    "sitemap": ("anonymous", lambda w: {}),
    "switch_language": ("anonymous", lambda w: {"code": "en"}),
    "wagtail_serve": ("anonymous", _page),
    "wagtailcore_authenticate_with_password": (
        "anonymous",
        lambda w: {"page_view_restriction_id": 1, "page_id": w.guide.pk},
    ),
}

ROUTES = {route.name: route for route in discovery.portal_routes()}

# Path parameters beyond any row or database integer, and texts no slug converter passes on.
PATH_JUNK = {
    "int": ["0", str(2**31), str(2**63 + 1), "9" * 30],
    "slug": ["tidak-ada", "a" * 300],
    "str": ["zz", "a" * 300, quote("a\x00b"), quote("🙂\u202e")],
}
PAGE_JUNK = ["tidak-ada/", "panduan/" + "a" * 300 + "/", "panduan/a%00b/", "%F0%9F%99%82/"]


def test_every_url_is_fuzzed():
    """A new URL (or a renamed one) must be given its place in PATH_ARGS; a removed one must
    leave it. Every path parameter of a URL is filled."""
    assert set(ROUTES) == set(PATH_ARGS), {
        "not fuzzed yet": sorted(set(ROUTES) - set(PATH_ARGS)),
        "gone from the URL conf": sorted(set(PATH_ARGS) - set(ROUTES)),
    }
    for name, route in ROUTES.items():
        for converter in route.converters.values():
            assert converter in PATH_JUNK or name == "wagtail_serve", (name, converter)


def _paths(route, args):
    if "_paths" in args:
        return args["_paths"], ["/" + junk for junk in PAGE_JUNK]
    real = reverse(route.name, kwargs=args)
    junk_paths = []
    for name, converter in route.converters.items():
        for value in PATH_JUNK[converter]:
            template = reverse(route.name, kwargs={**args, name: "987654321"})
            junk_paths.append(template.replace("987654321", value))
    return [real], junk_paths


def _fields(form_classes):
    fields = {}
    for form_class in form_classes:
        for name, field in discovery.form_fields(form_class).items():
            for posted in posted_names(name, field):
                fields.setdefault(posted, field)
    return fields


def _baselines(fields):
    base = {}
    for name, field in fields.items():
        value = valid_value(name, field, DAY)
        if value is not None:
            base[name] = value
    variants = [base]
    for name, field in fields.items():
        choices = getattr(field, "choices", None)
        if choices is None or hasattr(field, "queryset"):
            continue
        values = [str(v) for v, _label in choices if v not in ("", None)]
        if len(values) <= 6:
            variants += [{**base, name: value} for value in values[1:]]
    return variants


def _deep(fuzzer, role, path, method, fields, raw_params, known):
    """A valid form, each field alone with junk, fields of one kind together with junk, the
    query parameters the view reads itself with junk and with the values it looks for."""

    def send(data):
        if method == "POST":
            return fuzzer.send(role, "POST", path, data)
        return fuzzer.send(role, "GET", path, query=data)

    baselines = _baselines(fields)
    for baseline in baselines:
        send(baseline)
    first = baselines[0]
    for name, field in fields.items():
        for junk in junk_for(field):
            send({**first, name: JUNK[junk]})
    kinds = {}
    for name, field in fields.items():
        if kind_of(field):
            kinds.setdefault(kind_of(field), []).append(name)
    for kind, names in kinds.items():
        for junk in junk_for(fields[names[0]])[:2]:
            for baseline in baselines if kind == "DateField" else [first]:
                send({**baseline, **dict.fromkeys(names, JUNK[junk])})
            # Far days with the values the view looks for (an export format) as well.
            if method == "GET" and kind == "DateField" and junk == "far-date":
                for param, values in known.items():
                    for value in values:
                        for baseline in baselines:
                            send({**baseline, param: value, **dict.fromkeys(names, JUNK[junk])})
    for param in raw_params:
        for value in [*known.get(param, []), *(JUNK[j] for j in RAW)]:
            fuzzer.send(role, "GET", path, query={param: value})


# The junk sent in every field and parameter at once.
EVERYWHERE = ["empty", "big", "unicode", "nul", "markup", "far-date", "first-date", "word"]
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PATH_ARGS))
def test_no_input_gives_a_server_error_or_changes_data(name, world, settings, record_property):
    route = ROUTES.get(name)
    if route is None:
        pytest.fail(f"{name} is no longer in the URL conf (see test_every_url_is_fuzzed)")
    meant_for, make_args = PATH_ARGS[name]
    others = [role for role in ROLES if role != meant_for]
    fuzzer = Fuzzer(clients_for(world))
    params = discovery.query_params(route)
    known = discovery.known_values(route)
    post_fields = _fields(discovery.forms_of(route))
    get_fields = _fields(discovery.get_forms_of(route))
    raw_params = [p for p in params if p not in get_fields]
    real_paths, junk_paths = _paths(route, make_args(world))

    def junk_everywhere(role, path, kinds):
        for kind in kinds:
            if params:
                fuzzer.send(role, "GET", path, query=dict.fromkeys(params, JUNK[kind]))
            if post_fields:
                fuzzer.send(role, "POST", path, dict.fromkeys(post_fields, JUNK[kind]))

    with time_machine.travel(NOW, tick=False):
        for path in real_paths:
            for method in METHODS:
                fuzzer.send(meant_for, method, path)
            for role in others:
                fuzzer.send(role, "GET", path)
                fuzzer.send(role, "POST", path)
                junk_everywhere(role, path, ["big", "nul"])
            junk_everywhere(meant_for, path, EVERYWHERE)
        for path in junk_paths:
            fuzzer.send(meant_for, "GET", path)
            fuzzer.send(meant_for, "POST", path)
        # Deep: no rate limit, so that every request reaches the form and what lies behind.
        settings.RATELIMIT_ENABLE = False
        for path in real_paths:
            post_only = fuzzer.send(meant_for, "GET", path).status_code == 405
            if post_fields:
                _deep(fuzzer, meant_for, path, "POST", post_fields, [], {})
            if (get_fields or raw_params) and not post_only:
                _deep(fuzzer, meant_for, path, "GET", get_fields, raw_params, known)

    record_property("requests", fuzzer.tried)
    record_property("server_errors", fuzzer.server_errors)
    print(f"\nfuzz {name}: {fuzzer.tried} requests, {fuzzer.server_errors} server errors")
    assert not fuzzer.failures, "\n".join(str(f) for f in fuzzer.failures[:40]) + (
        f"\n… {len(fuzzer.failures)} failures in {fuzzer.tried} requests"
    )
