"""The JSON API fuzzed by schemathesis from its OpenAPI description: no input makes a 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from storyline.web.app import create_app

schemathesis = pytest.importorskip("schemathesis")


def test_no_input_makes_a_server_error(web_db):
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", create_app(web_db))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 6
    for operation in operations:
        fuzz(operation)


def fuzz(operation) -> None:
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def call(case):
        response = case.call()
        assert response.status_code < 500, (operation.label, case.path_parameters, case.query,
                                             response.text[:200])  # fmt: skip

    call()
