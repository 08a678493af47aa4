#!/usr/bin/env python3
"""HTTP checks of a running server, for .ci/run (the standard library only).

    http_checks.py wait BASE_URL PID        wait until /api/v1/health answers (or the server dies)
    http_checks.py smoke BASE_URL SLUG      the pages a province checks after a release answer 200

Every request carries `X-Forwarded-Proto: https`, as the TLS proxy in front of a province's server sends it,
and no redirect is followed: a redirect is a failure here.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
import urllib.error
import urllib.request

HEALTH = "/api/v1/health"
HEADERS = {"X-Forwarded-Proto": "https", "Accept-Language": "vi"}
WAIT_SECONDS = 90


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=HEADERS)  # noqa: S310 - http://127.0.0.1 only
    try:
        with OPENER.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wait(base: str, pid: int) -> int:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            print(f"[ci] the server (PID {pid}) died before it answered")
            return 1
        try:
            status, _headers, _body = get(base + HEALTH)
            print(f"[ci] {HEALTH} answered {status}")
            return 0 if status == 200 else 1
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    print(f"[ci] no answer from {base}{HEALTH} in {WAIT_SECONDS} s")
    return 1


def smoke(base: str, slug: str) -> int:
    failures: list[str] = []

    def check(path: str, *, contains: str = "") -> str:
        status, headers, body = get(base + path)
        text = body.decode("utf-8", errors="replace")
        ok = status == 200 and contains in text
        print(f"[ci] {'ok  ' if ok else 'FAIL'} {status} {path} ({len(body)} bytes)")
        if not ok:
            failures.append(f"{path}: {status}, {headers.get('Location', '')} {text[:300]!r}")
        return text

    health = check(HEALTH)
    if health and json.loads(health or "{}").get("status") != "ok":
        failures.append(f"{HEALTH} does not say ok: {health[:200]!r}")
    home = check(f"/x/{slug}/", contains="Hoằng Cát")
    procedures = check(f"/x/{slug}/thu-tuc/")
    links = re.findall(rf'href="(/x/{re.escape(slug)}/thu-tuc/[^"/]+/)"', procedures)
    if links:
        check(links[0])
    else:
        failures.append(f"/x/{slug}/thu-tuc/ links no procedure")
    check("/accounts/login/", contains="csrfmiddlewaretoken")
    # A static file by the hashed name the page itself uses: the manifest and whitenoise agree.
    static = re.findall(r'src="(/static/[^"]+\.js)"', home)
    if static and re.search(r"\.[0-9a-f]{12}\.js$", static[0]):
        check(static[0])
    else:
        failures.append(f"the home page names no hashed static file: {static}")
    for failure in failures:
        print(f"[ci] FAIL {failure}")
    return 1 if failures else 0


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "wait":
        return wait(argv[1].rstrip("/"), int(argv[2]))
    if len(argv) == 3 and argv[0] == "smoke":
        return smoke(argv[1].rstrip("/"), argv[2])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
