"""A citizen's HTML forms (CSRF on) under load, next to the peer's ticket form and the floor: the public
feedback form and the rating page of a dossier's link.

    BENCH_KIT=/work/shared/bench .venv/bin/python bench/forms_load.py          # about 4 minutes
    TARGETS=ours DURATION=5 .venv/bin/python bench/forms_load.py               # ours only
    FORMS=rating .venv/bin/python bench/forms_load.py                          # one form only

The peer's number is django-helpdesk's public ticket form, which the shared kit posts with CSRF on (it
fetches the form once, then sends that cookie and token with every POST). Ours is measured the same way:
`GET /x/bench-xa/gop-y/` once for the `csrftoken` cookie and the form's token, then wrk posts the form
(`application/x-www-form-urlencoded`, the cookie, the token) with a fresh hidden `client_key` and content
per request (bench/lua/unique_key.lua), a named reflection as a citizen sends it; success is the form's
302 to its "sent" page. Ours runs on the kit's throwaway PostgreSQL and gunicorn, with Redis as a province
deploys it (`BENCH_REDIS_URL`), the per-address limit raised for the bench's one address and still counted.

The rating page is measured as a citizen uses it: the link of the receipt or the SMS names one dossier
and rates it once (a second rating of the same link is 410 Gone), so the set-up receives one dossier at
the desk and copies it RATING_DOSSIERS times (20,000), and wrk posts each request to the next link
(bench/lua/each_path.lua): the cookie and token of one GET of a rating page, a level and a comment.
Success is the page's 200 "thank you"; the per-address limit is raised and still counted.

After gunicorn stopped gracefully, every 302 must have its item (`lost` = 302s without an item, beyond the
requests in flight at the cut-off), with its identity and audit line; every 200 of the rating page its
rating (with its audit line where ratings write one), and no dossier two link ratings (`doubled`). Prints
one summary line per form, the floor and the peer measured once for both.
"""

import os
import re
import secrets
import sys
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from _kit import (
    PYTHON,
    ROOT,
    Knobs,
    MeasuredRun,
    Ours,
    begin,
    log,
    per_row_cpu_ms,
    ratio,
    redis_env,
    run,
    run_peer_and_floor,
    set_up_ours,
    stop_all,
    warm_then_measure,
)
from feedback_load import OURS_EXTRA_ENV

KNOBS = Knobs("forms-bench-pg")
FORM = "application/x-www-form-urlencoded"
FORMS = os.environ.get("FORMS", "feedback rating").split()
RATING_DOSSIERS = int(os.environ.get("RATING_DOSSIERS", "20000"))
SLUG = "bench-xa"
SETUP = f"""
commune.slug = "{SLUG}"
commune.save(update_fields=["slug"])
"""
# One dossier received at the desk, then copied: each copy has its own code and its own rating link.
RATING_SETUP = """
from decimal import Decimal
from django.db.models import AutoField
from django.urls import reverse
from thanthien.core.text import fold_vietnamese
from thanthien.dossiers.links import rating_token
from thanthien.dossiers.models import Dossier
from thanthien.dossiers.services import receive_dossier
from thanthien.procedures.models import Procedure
name = "Chứng thực bản sao từ bản chính (thử tải)"
procedure = Procedure.objects.create(
    code="BENCH-CT", name=name, field="Chứng thực", search_key=fold_vietnamese(name),
    time_limit_days=Decimal(1),
)
first = receive_dossier(commune, procedure=procedure, applicant_name="Thử Tải", by=user)
fields = [f for f in Dossier._meta.concrete_fields if not isinstance(f, AutoField) and f.name != "code"]
copies = [
    Dossier(code=f"{first.code}-{n}", **{f.attname: getattr(first, f.attname) for f in fields})
    for n in range(COUNT)
]
for start in range(0, len(copies), 2000):  # each batch its own transaction, as a day's desk would
    Dossier.objects.bulk_create(copies[start : start + 2000])
with open(PATHS, "w") as out:
    for dossier in copies:
        token = rating_token(dossier)
        out.write(reverse("portal:rate", kwargs={"slug": commune.slug, "token": token}) + "\\n")
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


def csrf_of(page_url: str) -> tuple[str, str]:
    """The form page's CSRF cookie and the token its form carries, as a browser gets them."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(page_url, timeout=10) as answer:
        page = answer.read().decode()
    cookie = next((c.value for c in jar if c.name == "csrftoken"), None)
    if cookie is None:
        raise SystemExit(f"{page_url} set no CSRF cookie")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise SystemExit(f"{page_url} has no CSRF token")
    return cookie, token.group(1)


def form_body(token: str) -> str:
    # urlencode would escape the braces: the key's placeholder goes in afterwards.
    body = urlencode({"csrfmiddlewaretoken": token, **{k: v for k, v in FIELDS.items() if v != "{key}"}})
    return body + "&content={key}&client_key={key}"


def feedback_counts(database_url: str, prefix: str) -> dict[str, int]:
    sql = """
        SELECT count(*),
               count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM feedback_senderidentity s WHERE s.item_id = f.id)),
               count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM core_auditevent a
                   WHERE a.object_type = 'feedback.FeedbackItem' AND a.object_id = f.id::text))
        FROM feedback_feedbackitem f WHERE f.content LIKE %s AND f.channel = 'web_form'
    """
    rows, with_identity, with_audit = _one_row(database_url, sql, [prefix + "-%"])
    return {"rows": rows, "with_identity": with_identity, "with_audit": with_audit}


def rating_counts(database_url: str, prefix: str) -> dict[str, int]:
    sql = """
        SELECT count(*), count(DISTINCT dossier_id) FROM ratings_rating
        WHERE channel = 'link' AND comment = %s
    """
    rows, dossiers = _one_row(database_url, sql, [prefix])
    return {"rows": rows, "doubled": rows - dossiers}


def _one_row(database_url: str, sql: str, params: list[Any]) -> tuple[int, ...]:
    import psycopg

    with psycopg.connect(database_url) as conn:
        return conn.execute(sql, params).fetchone()  # type: ignore[return-value]


def rating_paths(work: Path, count: int) -> tuple[Path, Path]:
    """Two files of rating-link paths (warm-up, measure), split from the `count` the set-up wrote."""
    lines = (work / "rating-paths.txt").read_text().split()
    if len(lines) != count:
        raise SystemExit(f"the set-up wrote {len(lines)} rating links, not {count}")
    warm = work / "rating-paths-warm.txt"
    measured = work / "rating-paths-measured.txt"
    cut = count // 5
    warm.write_text("\n".join(lines[:cut]) + "\n")
    measured.write_text("\n".join(lines[cut:]) + "\n")
    return warm, measured


def measure_feedback_form(work: Path, ours: Ours, base: str, prefix: str) -> MeasuredRun:
    url = f"{base}/x/{SLUG}/gop-y/"
    cookie, token = csrf_of(url)
    return warm_then_measure(
        KNOBS,
        ours,
        url,
        form_body(token),
        f"Cookie: csrftoken={cookie}",
        prefix=prefix,
        warm_prefix=f"{prefix}w",
        out=work / "feedback.json",
        content_type=FORM,
        expect="302",
    )


def measure_rating_form(work: Path, ours: Ours, base: str, prefix: str) -> MeasuredRun:
    warm_paths, paths = rating_paths(work, RATING_DOSSIERS)
    url = base + warm_paths.read_text().split()[0]  # wrk's address; each request names its own link
    cookie, token = csrf_of(url)
    # A rating's comment names its run (the warm-up's own is not counted).
    body, warm_body = (
        urlencode({"csrfmiddlewaretoken": token, "level": "4", "comment": comment})
        for comment in (prefix, f"{prefix}w")
    )
    return warm_then_measure(
        KNOBS,
        ours,
        url,
        body,
        f"Cookie: csrftoken={cookie}",
        prefix=prefix,
        warm_prefix=f"{prefix}w",
        warm_body=warm_body,
        out=work / "rating.json",
        paths=(warm_paths, paths),
        content_type=FORM,
        expect="200",
    )


def measure_ours(work: Path) -> dict[str, dict[str, Any]]:
    extra = {**OURS_EXTRA_ENV, **redis_env(), "RATING_LINK_RATINGS_PER_WINDOW": "1000000000"}
    ours = Ours(KNOBS, work, extra)
    setup = SETUP
    if "rating" in FORMS:
        paths_file = work / "rating-paths.txt"
        setup += RATING_SETUP.replace("COUNT", str(RATING_DOSSIERS)).replace("PATHS", repr(str(paths_file)))
    measured: dict[str, dict[str, Any]] = {}
    try:
        database_url = ours.pg_up()
        log(
            f"ours: migrate, set-up ({RATING_DOSSIERS} dossiers to rate)"
            if "rating" in FORMS
            else "ours: set-up"
        )
        set_up_ours(ours.env, work / "ours-setup.log", setup)
        # as a release does: the pages name the static files by their hashed names
        collect = [str(PYTHON), "manage.py", "collectstatic", "--noinput"]
        run(collect, env=ours.env, cwd=ROOT, logfile=work / "ours-setup.log")
        runs = {"feedback": measure_feedback_form, "rating": measure_rating_form}
        for name in FORMS:
            base = ours.gunicorn_up()
            prefix = f"{name}-{secrets.token_hex(4)}"
            try:
                form_run = runs[name](work, ours, base, prefix)
            finally:
                ours.gunicorn_down()  # gracefully: every answered request has finished its write
            measured[name] = checked(name, form_run, prefix, database_url)
        return measured
    finally:
        ours.gunicorn_down()
        ours.pg_down()


def checked(name: str, form_run: MeasuredRun, prefix: str, database_url: str) -> dict[str, Any]:
    """The run's result with its rows counted: `lost` (answered but not all written) and `doubled`."""
    result = form_run.result
    if name == "feedback":
        counted = feedback_counts(database_url, prefix)
        incomplete = (counted["rows"] - counted["with_identity"]) + (counted["rows"] - counted["with_audit"])
        doubled = 0
    else:
        counted = rating_counts(database_url, prefix)
        incomplete, doubled = 0, counted["doubled"]
    missing = max(0, result["ok"] - counted["rows"])
    log(f"ours {name}: {result['ok']} answered as expected, {counted} ; statuses {result['statuses']}")
    cpu = per_row_cpu_ms(form_run.cpu_before, form_run.cpu_after, counted["rows"])
    return {**result, **counted, "lost": missing + incomplete, "doubled": doubled, "cpu": cpu}


def main() -> int:
    work = begin("bench-forms.", ())
    try:
        kit_targets = [t for t in KNOBS.targets if t in ("peer", "floor")]
        kit = run_peer_and_floor(KNOBS, work, kit_targets) if kit_targets else {}
        ours = measure_ours(work) if "ours" in KNOBS.targets else {}
    finally:
        stop_all()
    floor = float(kit.get("floor_insert_rps", 0) or 0)
    peer = float(kit.get("peer_post_rps", 0) or 0)
    kit_parts = [
        f"{key}={kit[key]}" for key in ("peer_post_rps", "peer_post_p99_ms", "floor_insert_rps") if key in kit
    ]
    for name, measured in ours.items():
        parts = [
            f"form={name}",
            f"ours_form_post_rps={measured['rps']:.1f}",
            f"ours_p50_ms={measured['p50_ms']:.2f}",
            f"ours_p99_ms={measured['p99_ms']:.2f}",
            f"ours_errors={measured['errors']}",
            f"rows={measured['rows']}",
            f"lost={measured['lost']}",
            f"doubled={measured['doubled']}",
            f"ours_cpu_ms_gunicorn={measured['cpu'][0]:.1f}",
            f"ours_cpu_ms_postgres={measured['cpu'][1]:.1f}",
            f"ratio_vs_floor={ratio(measured['rps'], floor)}",
            f"ratio_vs_peer={ratio(measured['rps'], peer)}",
        ]
        print(" ".join(parts + kit_parts), flush=True)
    if not ours:
        print(" ".join(kit_parts), flush=True)
    return 1 if any(m["lost"] or m["doubled"] for m in ours.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
