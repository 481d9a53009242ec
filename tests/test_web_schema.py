"""Schemathesis against the API's own OpenAPI document: generated requests (valid and
invalid) never cause a 5xx, and every response matches its documented schema."""

from __future__ import annotations

from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from planwatch.accounts import issue_token
from tests.web_helpers import make_site

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]
EXAMPLES = 30  # per operation


def test_api_matches_its_schema(engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = make_site(engine, tmp_path)
    headers = {"Authorization": f"Bearer {issue_token(engine, 'county-editor')}"}
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", site.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 7
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def call(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate(headers=headers, checks=CHECKS)

        call()
