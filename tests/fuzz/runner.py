"""Sends requests and checks each answer: never a 5xx, and no data changed unless a POST
was accepted (a success status). Counts what it tried."""

import sys
from dataclasses import dataclass, field

from django.apps import apps
from django.core.signals import got_request_exception
from django.db import connection
from django.test import Client

WATCHED_APPS = ("home", "guidance", "bookings", "coordination", "schedule")
WATCHED_EXTRA = ("auth.User",)
# Written by reading on purpose: the anonymous search log (a search and the result opened).
UNWATCHED = ("guidance.SearchLog",)


def watched_tables():
    """The tables whose content the fuzz must not change: the portal's data, the calendar
    events, the users."""
    unwatched = {apps.get_model(label) for label in UNWATCHED}
    models = [
        m for m in apps.get_models() if m._meta.app_label in WATCHED_APPS and m not in unwatched
    ]
    models += [apps.get_model(label) for label in WATCHED_EXTRA]
    tables = set()
    for model in models:
        if model._meta.managed and not model._meta.proxy:
            tables.add(model._meta.db_table)
            for m2m in model._meta.local_many_to_many:
                through = m2m.remote_field.through
                if through._meta.auto_created:
                    tables.add(through._meta.db_table)
    return sorted(tables)


# Rows inserted, updated and deleted in each table by the current transaction (PostgreSQL's
# own count, so it costs no table scan). The fuzz runs in one transaction.
WRITES_SQL = (
    "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables "
    "WHERE relname = ANY(%s) AND n_tup_ins + n_tup_upd + n_tup_del > 0"
)


@dataclass
class Failure:
    role: str
    method: str
    path: str
    detail: str

    def __str__(self):
        return f"{self.role} {self.method} {self.path[:160]}: {self.detail}"


@dataclass
class Fuzzer:
    clients: dict
    tried: int = 0
    server_errors: int = 0
    failures: list = field(default_factory=list)

    def __post_init__(self):
        self.tables = watched_tables()
        self._exception = None

    def fingerprint(self):
        with connection.cursor() as cursor:
            cursor.execute(WRITES_SQL, [self.tables])
            return dict(cursor.fetchall())

    def _remember(self, sender, **kwargs):
        self._exception = sys.exc_info()[1]

    def send(self, role, method, path, data=None, *, query=None):
        client = self.clients[role]
        before = self.fingerprint()
        self._exception = None
        got_request_exception.connect(self._remember)
        try:
            if method in ("GET", "HEAD", "OPTIONS", "DELETE"):
                response = getattr(client, method.lower())(path, query or data or {})
            elif method == "POST":
                response = client.post(path, data or {}, query_params=query)
            else:
                response = getattr(client, method.lower())(
                    path, "junk=\x00" + "x" * 100, content_type="text/plain"
                )
        finally:
            got_request_exception.disconnect(self._remember)
        after = self.fingerprint()
        self.tried += 1
        shown = f"{path} {sorted((data or query or {}).items())!r}"[:300]
        if response.status_code >= 500:
            self.server_errors += 1
            self.failures.append(
                Failure(role, method, shown, f"{response.status_code} {self._exception!r}"[:300])
            )
        if before != after and not (method == "POST" and response.status_code < 400):
            changed = sorted(t for t in after if after[t] != before.get(t))
            self.failures.append(
                Failure(role, method, shown, f"{response.status_code} changed {changed}")
            )
        return response


def clients_for(world):
    anonymous = Client(raise_request_exception=False)
    operator = Client(raise_request_exception=False)
    operator.force_login(world.operator)
    staff = Client(raise_request_exception=False)
    staff.force_login(world.staff)
    return {"anonymous": anonymous, "operator": operator, "staff": staff}
