"""Schemathesis generates requests from the OpenAPI document, valid and malformed, against every
operation: whatever it sends, the API answers with a documented error, never a server error."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from jxjy.access.auth import new_token
from jxjy.access.models import ApiToken

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_test_connection():
    """The WSGI handler closes database connections when a request ends; in a test that would close
    the test's own transaction. Django's test client disconnects the same signal for the same reason."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def chen_token(chen_region):
    token, prefix, digest = new_token()
    ApiToken.objects.create(user=chen_region, name="fuzz", prefix=prefix, digest=digest)
    return token


@schema.parametrize()
# Derandomized: CI sees the same examples every run, so a red run names a real regression. Explore
# further by hand with e.g. `--hypothesis-seed=N` after removing derandomize, or raising max_examples.
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_never_answers_with_a_server_error(case, chen_token):
    response = case.call(headers={"Authorization": f"Bearer {chen_token}"})
    case.validate_response(response, checks=[not_a_server_error])
    if response.status_code >= 400:
        body = response.json()
        assert body["code"] and body["message"], body
