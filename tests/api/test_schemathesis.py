"""Property-based tests from /api/v1/openapi.json (schemathesis, in-process against the WSGI app):
no 5xx, and every response matches the document."""

import pytest
from flask import Flask

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (pip install -e .[test])")
from hypothesis import HealthCheck, given, settings  # noqa: E402

from tests.intake.factories import stored_submission  # noqa: E402


def test_api_conforms_to_its_openapi_document(app: Flask) -> None:
    stored_submission()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures: list[str] = []
    for operation in schema.get_all_operations():
        operation = operation.ok()

        @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def check(case) -> None:  # type: ignore[no-untyped-def]
            response = case.call()
            assert response.status_code < 500, (case.path, response.status_code)
            case.validate_response(response)

        try:
            check()
        except AssertionError as error:  # collected so that every operation is tried
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n".join(failures)
