"""The site's Content-Security-Policy built once per process gives each response what django-csp gives it."""

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY, NONCE
from csp.decorators import csp_exempt, csp_update
from csp.exceptions import CSPNonceError
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from thanthien.core.middleware import KeptPolicyCSPMiddleware

REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'none'"], "report-uri": ["/csp-report/"]}}


def plain(_request):
    return HttpResponse("ok")


@csp_update({"img-src": ["https://tiles.example"]})
def with_its_own_policy(_request):
    return HttpResponse("map")


@csp_exempt()
def exempt(_request):
    return HttpResponse("embed")


def asking_a_nonce(request):
    return HttpResponse(f"<script nonce='{request.csp_nonce}'></script>")


def directives(header):
    """The policy's directives by name (django-csp writes them in no fixed order)."""
    return dict(part.strip().partition(" ")[::2] for part in header.split(";"))


def headers(middleware_class, view, path="/x/"):
    request = RequestFactory().get(path)
    middleware = middleware_class(view)
    response = middleware(request)
    return {name: response.get(name) for name in (HEADER, HEADER_REPORT_ONLY)}, request


@pytest.mark.parametrize("view", [plain, with_its_own_policy, exempt, asking_a_nonce])
def test_each_response_carries_what_django_csp_gives_it(view):
    kept, _request = headers(KeptPolicyCSPMiddleware, view)
    built, _request = headers(CSPMiddleware, view)

    assert kept == built
    assert (kept[HEADER] is None) == (view is exempt)
    assert kept[HEADER_REPORT_ONLY] is None


def test_a_nonce_asked_for_goes_into_the_header_where_the_policy_takes_one():
    policy = {"DIRECTIVES": {"default-src": ["'self'"], "script-src": ["'self'", NONCE]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        kept = [headers(KeptPolicyCSPMiddleware, view)[0][HEADER] for view in (asking_a_nonce, plain)]

    with_nonce, without = (directives(header) for header in kept)
    assert with_nonce["default-src"] == without["default-src"] == "'self'"
    assert with_nonce["script-src"].startswith("'self' 'nonce-") and without["script-src"] == "'self'"


def test_the_site_policy_is_built_once_and_a_changed_setting_is_seen_at_once(monkeypatch):
    import thanthien.core.middleware as module

    module._kept_policies.clear()
    calls = []
    monkeypatch.setattr(module, "build_policy", lambda **kw: calls.append(kw) or "default-src 'self'")
    for _ in range(3):
        headers(KeptPolicyCSPMiddleware, plain)
    assert len(calls) == 2  # the policy and the report-only one, once

    with override_settings(CONTENT_SECURITY_POLICY_REPORT_ONLY=REPORT_ONLY):
        monkeypatch.undo()
        kept, _request = headers(KeptPolicyCSPMiddleware, plain)
        built, _request = headers(CSPMiddleware, plain)
        assert kept == built and "report-uri /csp-report/" in kept[HEADER_REPORT_ONLY]
    assert headers(KeptPolicyCSPMiddleware, plain)[0][HEADER_REPORT_ONLY] is None


def test_excluded_prefixes_are_left_to_django_csp():
    policy = {"EXCLUDE_URL_PREFIXES": ["/embed/"], "DIRECTIVES": {"default-src": ["'self'"]}}
    with override_settings(CONTENT_SECURITY_POLICY=policy):
        assert headers(KeptPolicyCSPMiddleware, plain, "/embed/map/")[0][HEADER] is None
        assert (
            headers(KeptPolicyCSPMiddleware, plain, "/x/")[0][HEADER] == "default-src 'self'"
        )  # one directive


def test_a_nonce_asked_after_the_header_was_written_is_an_error():
    _headers, request = headers(KeptPolicyCSPMiddleware, plain)

    with pytest.raises(CSPNonceError):
        str(request.csp_nonce)
