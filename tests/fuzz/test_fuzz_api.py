"""The availability API fuzzed from its own OpenAPI schema (schemathesis, in-process WSGI).

Schemathesis reads /api/openapi.json and generates requests that fit the schema and requests
that do not (wrong types, missing and malformed parameters, NUL bytes allowed), a bounded
number per operation with a fixed seed. Every answer must be one the schema declares, with
the declared body, and never a 5xx.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test.utils import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.fuzz import discovery

EXAMPLES = 60

with override_settings(ALLOWED_HOSTS=["*"]):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
schema.config.generation.update(
    modes=[schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE],
    max_examples=EXAMPLES,
    deterministic=True,
    allow_x00=True,
)

tried = {"requests": 0}


def test_every_api_url_is_in_the_schema():
    """A new API route that the schema does not describe would escape the fuzz."""
    paths = set(schema.raw_schema["paths"])
    for route in discovery.api_routes():
        if route.name in ("api:api-root", "api:openapi-json"):
            continue
        described = "/api/" + route.route.removeprefix("api/").replace("<slug>", "{slug}")
        assert described in paths, (route.name, described, sorted(paths))


@pytest.fixture
def api_room(db, room):
    """The room, and the requests kept inside the test's transaction: like Django's test
    client, the WSGI calls must not close the connection when a request finishes."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield room
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_as_its_schema_says_and_never_5xx(case, api_room):
    with override_settings(ALLOWED_HOSTS=["*"]):
        # Uncompressed, so the schema checks read the JSON itself (the API is gzipped for
        # clients that ask for it, like every other answer).
        response = case.call(headers={"Accept-Encoding": "identity"})
    tried["requests"] += 1
    assert response.status_code < 500, (case.path, case.path_parameters, case.query)
    case.validate_response(
        response,
        checks=[status_code_conformance, content_type_conformance, response_schema_conformance],
    )


@pytest.fixture(scope="module", autouse=True)
def _report_the_count():
    yield
    print(f"\nfuzz api: {tried['requests']} requests")
