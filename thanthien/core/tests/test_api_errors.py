"""Every error the API answers is documented in its OpenAPI schema, for the operation that gives it.

Schemathesis checks the same on a real server in .ci/run (status_code_conformance); these tests call each
operation of the schema once in the ways that fail for sure: no key, a body that is not JSON, an unknown
code, a field of the wrong type.
"""

import re

import pytest
from django.core.cache import cache

from thanthien.units.tokens import issue_api_token


@pytest.fixture
def operations(client):
    schema = client.get("/api/v1/openapi.json").json()
    return [
        (method, path, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]


@pytest.fixture
def key_headers(officer, commune):
    """An API key; on the paired devices' paths (which take no API key), a device key of the right kind."""
    from conftest import make_person, make_unit
    from thanthien.devices.services import pair_kiosk, pair_village_phone
    from thanthien.units.models import Role

    village = make_unit("38-hc-t9", "Thôn Kiểm Thử", "village", commune)
    head = make_person("truongthon-kt", village, Role.VILLAGE_HEAD)
    keys = {
        "/api/v1/devices/kiosk": pair_kiosk(commune, name="", by=officer).key,
        "/api/v1/devices/village": pair_village_phone(village, name="", by=head).key,
    }
    return KeyHeaders(issue_api_token(officer, name="Kiểm thử", by=None), keys)


class KeyHeaders(dict):
    """{"Authorization": ...} for a path: `headers.of(path)`."""

    def __init__(self, api_key, device_keys):
        super().__init__(Authorization=f"Bearer {api_key}")
        self.device_keys = device_keys

    def of(self, path):
        for prefix, key in self.device_keys.items():
            if path.startswith(prefix):
                return {"Authorization": f"Bearer {key}"}
        return dict(self)


def call(client, method, path, *, body=b"{}", **headers):
    url = re.sub(r"\{[^}]+\}", "KHONG-CO", path)  # every path parameter: a code that does not exist
    if method == "get":
        return client.get(url, headers=headers)
    return client.generic(method.upper(), url, body, content_type="application/json", headers=headers)


def assert_documented(response, operation, method, path):
    status = str(response.status_code)
    assert status in operation["responses"], f"{method.upper()} {path} answers {status}, not documented"
    if response.status_code >= 400:
        assert response.json()["errors"], f"{method.upper()} {path}: {status} without errors"


@pytest.mark.django_db
def test_an_operation_called_without_a_key_answers_as_documented(client, operations):
    secured = [(m, p, o) for m, p, o in operations if o.get("security")]

    for method, path, operation in secured:
        response = call(client, method, path)
        assert response.status_code == 401
        assert_documented(response, operation, method, path)
    assert len(secured) >= 8


@pytest.mark.django_db
def test_a_body_that_is_not_json_answers_a_documented_400(client, operations, key_headers):
    with_body = [(m, p, o) for m, p, o in operations if o.get("requestBody")]

    for method, path, operation in with_body:
        cache.clear()  # the public form's limit per address must not answer first
        response = call(client, method, path, body=b"\x00{", **key_headers.of(path))
        assert response.status_code == 400, (path, response.content)
        assert_documented(response, operation, method, path)
    assert len(with_body) >= 6


@pytest.mark.django_db
def test_unknown_codes_and_wrong_types_answer_as_documented(client, operations, key_headers):
    for method, path, operation in operations:
        cache.clear()
        for body in (b"{}", b'{"commune_code": 1, "kind": [], "step": {}}'):
            response = call(client, method, path, body=body, **key_headers.of(path))
            assert response.status_code < 500, (method, path, response.content)
            assert_documented(response, operation, method, path)


def test_the_rate_limited_public_operations_document_429(client, operations):
    limited = {(m, p) for m, p, o in operations if "429" in o["responses"]}

    assert limited == {
        ("post", "/api/v1/feedback"),
        ("get", "/api/v1/feedback/{tracking_code}"),
        ("get", "/api/v1/public/communes/{code}/board"),
    }
