"""The public feedback form (HTML, CSRF on) under load, next to the peer's ticket form and the floor.

    BENCH_KIT=/work/shared/bench .venv/bin/python bench/forms_load.py          # about 3 minutes
    TARGETS=ours DURATION=5 .venv/bin/python bench/forms_load.py               # ours only

The peer's number is django-helpdesk's public ticket form, which the shared kit posts with CSRF on (it
fetches the form once, then sends that cookie and token with every POST). Ours is measured the same way:
`GET /x/bench-xa/gop-y/` once for the `csrftoken` cookie and the form's token, then wrk posts the form
(`application/x-www-form-urlencoded`, the cookie, the token) with a fresh hidden `client_key` and content
per request (bench/lua/unique_key.lua), a named reflection as a citizen sends it; success is the form's
302 to its "sent" page. Ours runs on the kit's throwaway PostgreSQL and gunicorn, with Redis as a province
deploys it (`BENCH_REDIS_URL`), the per-address limit raised for the bench's one address and still counted.

After gunicorn stopped gracefully, every 302 must have its item (`lost` = 302s without an item, beyond the
requests in flight at the cut-off), with its identity and audit line. Prints one summary line.
"""

import re
import secrets
import sys
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from _kit import (
    PYTHON,
    ROOT,
    Knobs,
    Ours,
    begin,
    load,
    log,
    per_row_cpu_ms,
    ratio,
    redis_env,
    run,
    run_peer_and_floor,
    set_up_ours,
    stop_all,
)
from feedback_load import OURS_EXTRA_ENV

KNOBS = Knobs("forms-bench-pg")
SLUG = "bench-xa"
SETUP = f"""
commune.slug = "{SLUG}"
commune.save(update_fields=["slug"])
"""
# Everything a citizen types; "{{key}}" (both places) is filled per request by unique_key.lua.
FIELDS = {
    "kind": "reflection",
    "topic": "environment",
    "content": "{key}",
    "name": "Nguyễn Thị Thử Tải",
    "address": "Thôn Đông, xã Thử Tải",
    "contact": "0912345678",
    "client_key": "{key}",
}


def csrf_of(base: str) -> tuple[str, str]:
    """The form page's CSRF cookie and the token its form carries, as a browser gets them."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/x/{SLUG}/gop-y/", timeout=10) as answer:
        page = answer.read().decode()
    cookie = next((c.value for c in jar if c.name == "csrftoken"), None)
    if cookie is None:
        raise SystemExit("the feedback form set no CSRF cookie")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise SystemExit("the feedback form has no CSRF token")
    return cookie, token.group(1)


def form_body(token: str) -> str:
    # urlencode would escape the braces: the key's placeholder goes in afterwards.
    body = urlencode({"csrfmiddlewaretoken": token, **{k: v for k, v in FIELDS.items() if v != "{key}"}})
    return body + "&content={key}&client_key={key}"


def counts(database_url: str, prefix: str) -> dict[str, int]:
    import psycopg

    sql = """
        SELECT count(*),
               count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM feedback_senderidentity s WHERE s.item_id = f.id)),
               count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM core_auditevent a
                   WHERE a.object_type = 'feedback.FeedbackItem' AND a.object_id = f.id::text))
        FROM feedback_feedbackitem f WHERE f.content LIKE %s AND f.channel = 'web_form'
    """
    with psycopg.connect(database_url) as conn:
        rows, with_identity, with_audit = conn.execute(sql, [prefix + "-%"]).fetchone()  # type: ignore[misc]
    return {"rows": rows, "with_identity": with_identity, "with_audit": with_audit}


def measure_ours(work: Path) -> dict[str, Any]:
    ours = Ours(KNOBS, work, {**OURS_EXTRA_ENV, **redis_env()})
    prefix = f"form-{secrets.token_hex(4)}"
    try:
        database_url = ours.pg_up()
        set_up_ours(ours.env, work / "ours-setup.log", SETUP)
        # as a release does: the pages name the static files by their hashed names
        collect = [str(PYTHON), "manage.py", "collectstatic", "--noinput"]
        run(collect, env=ours.env, cwd=ROOT, logfile=work / "ours-setup.log")
        base = ours.gunicorn_up()
        cookie, token = csrf_of(base)
        url, body, headers = f"{base}/x/{SLUG}/gop-y/", form_body(token), f"Cookie: csrftoken={cookie}"
        form = {"content_type": "application/x-www-form-urlencoded", "expect": "302"}
        try:
            load(
                KNOBS,
                url,
                body,
                headers,
                seconds=KNOBS.warmup,
                prefix=f"{prefix}w",
                out=work / "w.json",
                **form,
            )
            time.sleep(2)
            cpu_before = ours.cpu_seconds()
            result = load(
                KNOBS,
                url,
                body,
                headers,
                seconds=KNOBS.duration,
                prefix=prefix,
                out=work / "ours.json",
                **form,
            )
            cpu_after = ours.cpu_seconds()
        finally:
            ours.gunicorn_down()
        counted = counts(database_url, prefix)
        per_item = per_row_cpu_ms(cpu_before, cpu_after, counted["rows"])
        missing = max(0, result["ok"] - counted["rows"])
        incomplete = (counted["rows"] - counted["with_identity"]) + (counted["rows"] - counted["with_audit"])
        log(f"ours: {result['ok']} answered 302, {counted} ; statuses {result['statuses']}")
        return {**result, **counted, "lost": missing + incomplete, "cpu": per_item}
    finally:
        ours.gunicorn_down()
        ours.pg_down()


def main() -> int:
    work = begin("bench-forms.", ())
    try:
        kit_targets = [t for t in KNOBS.targets if t in ("peer", "floor")]
        kit = run_peer_and_floor(KNOBS, work, kit_targets) if kit_targets else {}
        ours = measure_ours(work) if "ours" in KNOBS.targets else None
    finally:
        stop_all()
    parts = []
    if ours is not None:
        floor = float(kit.get("floor_insert_rps", 0) or 0)
        peer = float(kit.get("peer_post_rps", 0) or 0)
        parts += [
            f"ours_form_post_rps={ours['rps']:.1f}",
            f"ours_p50_ms={ours['p50_ms']:.2f}",
            f"ours_p99_ms={ours['p99_ms']:.2f}",
            f"ours_errors={ours['errors']}",
            f"rows={ours['rows']}",
            f"lost={ours['lost']}",
            f"ours_cpu_ms_gunicorn={ours['cpu'][0]:.1f}",
            f"ours_cpu_ms_postgres={ours['cpu'][1]:.1f}",
            f"ratio_vs_floor={ratio(ours['rps'], floor)}",
            f"ratio_vs_peer={ratio(ours['rps'], peer)}",
        ]
    parts += [
        f"{key}={kit[key]}" for key in ("peer_post_rps", "peer_post_p99_ms", "floor_insert_rps") if key in kit
    ]
    print(" ".join(parts), flush=True)
    return 1 if ours is not None and ours["lost"] else 0


if __name__ == "__main__":
    sys.exit(main())
