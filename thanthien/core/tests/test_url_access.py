"""Every URL of the project is declared in `thanthien.access`, and answers each kind of user as declared.

The walk resolves the whole urlconf (the API under /api/v1/ and Open311 included, the Django admin aside:
see `access.ADMIN_PREFIX`). Each pattern is requested with commune A's records (url_world.py) by every
user of `access.USERS`; POST-only views are posted to (empty) by the users they refuse, and nothing may
change. An answer to commune B's official never names one of A's records.
"""

import inspect
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db.models import Max
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from thanthien import access
from thanthien.core.tests.url_world import World, build_world

# How each pattern's arguments are filled from commune A's records (patterns without arguments need none).
ARGUMENTS: dict[str, Callable[[World], dict[str, Any]]] = {
    "units:commune_detail": lambda w: {"pk": w.commune.pk},
    "units:village_import": lambda w: {"pk": w.commune.pk},
    "units:household_import": lambda w: {"pk": w.commune.pk},
    "units:official_phone": lambda w: {"pk": w.objects["official"].pk},
    "units:membership_withdraw": lambda w: {"pk": w.objects["membership"].pk},
    "units:password_reset": lambda w: {"pk": w.users["desk_officer"].pk},
    "units:approval_decide": lambda w: {"pk": w.objects["approval"].pk},
    **{
        f"dossiers:{name}": lambda w: {"code": w.objects["dossier"].code}
        for name in [
            "detail",
            "receipt",
            "hand_over",
            "request_supplement",
            "record_supplement",
            "reject",
            "mark_ready",
            "return_result",
            "postpone",
        ]
    },
    "dossiers:postponement_slip": lambda w: {
        "code": w.objects["postponement"].dossier.code,
        "pk": w.objects["postponement"].pk,
    },
    "dossiers:supplement_slip": lambda w: {
        "code": w.objects["supplement"].dossier.code,
        "pk": w.objects["supplement"].pk,
    },
    "dossiers:rejection_slip": lambda w: {"code": w.objects["rejected"].code},
    "devices:revoke": lambda w: {"pk": w.objects["device"].pk},
    "ratings:alert_detail": lambda w: {"pk": w.objects["rating_alert"].pk},
    "ratings:official_trend": lambda w: {"pk": w.objects["official"].pk},
    **{
        f"ratings:{name}": lambda w: {"pk": w.objects["campaign"].pk}
        for name in [
            "campaign_results",
            "campaign_edit",
            "campaign_quotas",
            "slip_entry",
            "slip_import",
            "slip_template",
            "phone_links",
        ]
    },
    "feedback:detail": lambda w: {"code": w.objects["feedback"].tracking_code},
    "feedback:reveal": lambda w: {"code": w.objects["complaint"].tracking_code},
    "feedback:attachment": lambda w: {
        "code": w.objects["feedback"].tracking_code,
        "pk": w.objects["attachment"].pk,
    },
    "feedback:step": lambda w: {"code": w.objects["feedback"].tracking_code, "step": "accept"},
    **{
        f"letters:{name}": lambda w: {"pk": w.objects["print_job"].pk} for name in ("print_job", "print_file")
    },
    "letters:write": lambda w: {"which": "thanks"},
    "letters:template_file": lambda w: {"pk": w.objects["template"].pk},
    "letters:template_preview": lambda w: {"pk": w.objects["template"].pk},
    "letters:receipt_docx": lambda w: {"code": w.objects["dossier"].code},
    "letters:supplement_docx": lambda w: {
        "code": w.objects["supplement"].dossier.code,
        "pk": w.objects["supplement"].pk,
    },
    "letters:rejection_docx": lambda w: {"code": w.objects["rejected"].code},
    "letters:postponement_docx": lambda w: {
        "code": w.objects["postponement"].dossier.code,
        "pk": w.objects["postponement"].pk,
    },
    "letters:detail": lambda w: {"pk": w.objects["letter"].pk},
    "letters:download": lambda w: {"pk": w.objects["letter"].pk, "extension": "docx"},
    "reports:commune_overview": lambda w: {"code": w.commune.code},
    "reports:report_edit": lambda w: {"pk": w.objects["report"].pk},
    "reports:report_download": lambda w: {"pk": w.objects["report"].pk},
    **{
        f"reception:{name}": lambda w: {"pk": w.objects["session"].pk}
        for name in ("session_detail", "session_held", "session_cancel")
    },
    **{
        f"reception:{name}": lambda w: {"pk": w.objects["record"].pk}
        for name in ("record_detail", "record_reveal", "record_answer", "record_split", "record_petition")
    },
    **{
        f"reception:{name}": lambda w: {"pk": w.objects["dialogue"].pk}
        for name in (
            "dialogue_detail",
            "dialogue_held",
            "dialogue_issue_add",
            "dialogue_commitment_add",
            "dialogue_minutes",
        )
    },
    "reception:dialogue_issue_feedback": lambda w: {
        "pk": w.objects["dialogue"].pk,
        "issue_pk": w.objects["issue"].pk,
    },
    "reception:commitment_done": lambda w: {"pk": w.objects["commitment"].pk},
    "reception:field_visit_detail": lambda w: {"pk": w.objects["visit"].pk},
    **{
        f"planning:{name}": lambda w: {"pk": w.objects["supervision_visit"].pk}
        for name in ("visit_detail", "visit_minutes")
    },
    **{
        f"planning:{name}": lambda w: {"pk": w.objects["plan"].pk}
        for name in ("plan_detail", "plan_add_member", "plan_docx")
    },
    "planning:step_to_communes": lambda w: {
        "pk": w.objects["plan"].pk,
        "step_pk": w.objects["plan"].steps.first().pk,
    },
    **{
        f"planning:{name}": lambda w: {"pk": w.objects["task"].pk}
        for name in ("task_detail", "task_assign", "task_note", "task_evidence", "task_answer", "task_reopen")
    },
    "planning:commitment_docx": lambda w: {"pk": w.objects["conduct_commitment"].pk},
    "planning:official_detail": lambda w: {"pk": w.objects["official"].pk},
    "planning:official_photo": lambda w: {"pk": w.objects["official"].pk},
    "planning:badge_photo": lambda w: {"pk": w.objects["official"].pk},
    "planning:evidence_download": lambda w: {"pk": w.objects["evidence"].pk},
    **{
        f"households:{name}": lambda w: {"pk": w.objects["household"].pk}
        for name in ("story", "consent_record", "consent_withdraw")
    },
    "assessment:set_file": lambda w: {"pk": w.objects["criteria_set"].pk},
    "assessment:set_edit": lambda w: {"pk": w.objects["criteria_set"].pk},
    **{
        f"assessment:{name}": lambda w: {"pk": w.objects["assessment"].pk}
        for name in ("detail", "submit", "return", "approve")
    },
    **{
        f"assessment:{name}": lambda w: {
            "pk": w.objects["assessment"].pk,
            "code": w.objects["criterion"].code,
        }
        for name in ("fill", "appraise")
    },
    "assessment:evidence": lambda w: {"pk": w.objects["assessment_evidence"].pk},
    "assessment:ranking": lambda w: {"code": w.commune.parent.code, "year": 2023},  # type: ignore[union-attr]  # A is in a province
    "assessment:index_766": lambda w: {"code": w.commune.code},
    "assessment:decision": lambda w: {"code": w.commune.parent.code, "year": 2023},  # type: ignore[union-attr]  # A is in a province
    "portal:rate": lambda w: {"slug": w.commune.slug, "token": w.objects["rating_token"]},
    "portal:survey": lambda w: {"slug": w.commune.slug, "token": w.objects["survey_token"]},
    "portal:feedback_status": lambda w: {"slug": w.commune.slug, "code": w.objects["feedback"].tracking_code},
    "portal:feedback_sent": lambda w: {"slug": w.commune.slug, "code": w.objects["feedback"].tracking_code},
    "portal:procedure_detail": lambda w: {"slug": w.commune.slug, "code": w.objects["procedure"].code},
    **{
        f"disclosure_public:{name}": lambda w: {"slug": w.commune.slug, "code": w.objects["item"].public_code}
        for name in ("detail", "ask", "print")
    },
    "disclosure_public:file": lambda w: {
        "slug": w.commune.slug,
        "code": w.objects["item"].public_code,
        "file_id": w.objects["item"].files.first().pk,
    },
    **{
        f"disclosure_public:{name}": lambda w: {
            "slug": w.commune.slug,
            "code": w.objects["announcement"].public_code,
        }
        for name in ("announcement", "announcement_image")
    },
    "disclosure:detail": lambda w: {"pk": w.objects["item"].pk},
    "disclosure:posting_add": lambda w: {"pk": w.objects["item"].pk},
    "disclosure:take_down": lambda w: {"pk": w.objects["item"].pk, "posting_id": w.objects["posting"].pk},
    **{
        f"disclosure:{name}": lambda w: {"pk": w.objects["announcement"].pk}
        for name in ("script", "announcement_edit", "announcement_cancel")
    },
    "disclosure:consent_withdraw": lambda w: {"pk": w.objects["message_consent"].pk},
    "procedures:detail": lambda w: {"pk": w.objects["procedure"].pk},
    "procedures:form_download": lambda w: {"pk": w.objects["procedure_form"].pk},
    **{f"configuration:{name}": lambda w: {"slug": "quiet-hours"} for name in ("list", "new", "history")},
    **{
        f"configuration:{name}": lambda w: {"slug": "quiet-hours", "pk": w.objects["quiet_hours"].pk}
        for name in ("new_version", "withdraw")
    },
    "api:dossier_detail": lambda w: {"code": w.objects["dossier"].code},
    "api:dossier_event": lambda w: {"code": w.objects["dossier"].code},
    "api:feedback_status": lambda w: {"tracking_code": w.objects["feedback"].tracking_code},
    "api:feedback_case_detail": lambda w: {"tracking_code": w.objects["feedback"].tracking_code},
    "api:feedback_case_step": lambda w: {"tracking_code": w.objects["feedback"].tracking_code},
    "api:public_board": lambda w: {"code": w.commune.code},
    "open311:services": lambda w: {"fmt": "json"},
    "open311:requests": lambda w: {"fmt": "json"},
    "open311:request": lambda w: {"request_id": w.objects["feedback"].tracking_code, "fmt": "json"},
}
# Portal pages take only the commune's slug.
SLUG_ONLY = ("portal:", "disclosure_public:")


def walk(patterns: list[Any], namespace: str = "", prefix: str = "") -> Iterator[tuple[str, str, Any]]:
    """Yield (name, route, pattern) for every named pattern under `patterns`, namespaces joined."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            joined = f"{namespace}:{inner}" if namespace and inner else namespace or inner
            yield from walk(pattern.url_patterns, joined, route)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name or ""
            yield name, route, pattern


def project_patterns() -> dict[str, tuple[str, Any]]:
    """Return {name: (route, pattern)} for every URL of the project but the Django admin's."""
    found: dict[str, tuple[str, Any]] = {}
    for name, route, pattern in walk(get_resolver().url_patterns):
        if route.startswith(access.ADMIN_PREFIX):
            continue
        assert name, f"The URL {route!r} has no name: name it (path(..., name=...)) so it can be declared."
        found.setdefault(name, (route, pattern))
    return found


def api_method(pattern: Any, name: str) -> str | None:
    """Return the HTTP method of a django-ninja operation named `name`, None for another view."""
    callback = pattern.callback
    closure = inspect.getclosurevars(callback).nonlocals if getattr(callback, "__closure__", None) else {}
    path_view = closure.get("self")
    operations = getattr(path_view, "operations", [])
    for operation in operations:
        if getattr(operation, "url_name", None) == name.split(":")[-1]:
            return str(operation.methods[0])
    return str(operations[0].methods[0]) if operations else None


def test_every_url_of_the_project_is_declared():
    names = set(project_patterns())

    missing = sorted(names - set(access.ACCESS))

    assert missing == [], (
        f"These URLs have no entry in thanthien/access.py: {missing}. Add each to ACCESS with who may use "
        "it (see the module's docstring), and its arguments to ARGUMENTS in core/tests/test_url_access.py."
    )


def test_every_declared_url_exists():
    names = set(project_patterns())

    stale = sorted(set(access.ACCESS) - names)

    assert stale == [], f"thanthien/access.py declares URLs that no longer exist: {stale}. Remove them."


def test_every_url_with_arguments_has_them_filled():
    needing = {name for name, (_route, pattern) in project_patterns().items() if pattern.pattern.converters}
    filled = set(ARGUMENTS) | {name for name in needing if name.startswith(SLUG_ONLY)}

    assert sorted(needing - filled) == [], "Add the arguments of these URLs to ARGUMENTS"
    assert sorted(set(ARGUMENTS) - needing) == [], "ARGUMENTS fills URLs that take no argument"


def fingerprint() -> dict[str, tuple[int, Any]]:
    """Return, for every table of the project, its row count and latest change: what a POST could alter."""
    result = {}
    for model in apps.get_models():
        if not model.__module__.startswith("thanthien."):
            continue
        rows = model._default_manager.all()
        if any(f.name == "updated_at" for f in model._meta.fields):
            latest = rows.aggregate(latest=Max("updated_at"))["latest"]
        else:
            latest = None
        result[model._meta.label] = (rows.count(), latest)
    return result


def probed(key: str, name: str, pattern: Any) -> bool:
    """Return True when `key` posts to a POST-only URL: the API's posts (an empty body changes nothing)
    and the users a view refuses (access.POST_PROBES); the others only check that GET is refused."""
    if api_method(pattern, name) is not None:
        return True
    return key in access.POST_PROBES and key not in access.ACCESS[name].allowed


def url_of(name: str, route: str, world: World) -> str:
    if name in ARGUMENTS:
        return reverse(name, kwargs=ARGUMENTS[name](world))
    if name.startswith(SLUG_ONLY) and "<slug:slug>" in route:
        return reverse(name, kwargs={"slug": world.commune.slug})
    return reverse(name)


def body_of(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def outcome(response: Any) -> str:
    """Name an answer as the declaration does."""
    status = response.status_code
    if 300 <= status < 400:
        return access.LOGIN if "/accounts/login/" in response.get("Location", "") else access.REDIRECT
    if 200 <= status < 300:
        return access.OK
    return str(status)


@pytest.mark.django_db
def test_each_user_gets_the_declared_answer_and_nothing_of_another_commune(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the procedure's blank form is saved there
    world = build_world()
    clients = {"anonymous": Client()}
    for key, user in world.users.items():
        clients[key] = Client()
        clients[key].force_login(user)
    wrong, leaks, changed, requests = [], [], [], 0
    observed: dict[str, dict[str, str]] = {}

    for name, (route, pattern) in sorted(project_patterns().items()):
        url = url_of(name, route, world)
        method = api_method(pattern, name) or access.method_of(name)
        declared = access.expected(name)
        observed[name] = {}
        before = fingerprint() if method == "POST" else None
        for key in access.USERS:
            if method == "POST" and not probed(key, name, pattern):
                # Whoever may post would change the shared records: only the method is checked for them.
                got = outcome(clients[key].get(url))
                requests += 1
                observed[name][key] = got
                want = (
                    "403" if key in access.VILLAGE_PEOPLE and access.closed_to_village_people(name) else "405"
                )
                if got != want:
                    wrong.append(f"{name} GET as {key}: {got}, expected {want} (the view takes POST only)")
                continue
            response = clients[key].post(url) if method == "POST" else clients[key].get(url)
            requests += 1
            got = outcome(response)
            observed[name][key] = got
            if got != declared[key]:
                wrong.append(f"{name} as {key}: {got}, declared {declared[key]} ({url})")
            if key in access.OUTSIDERS and not access.is_public(name):
                body = body_of(response)
                shown = sorted(
                    m for m in world.markers if m in body and m not in url
                )  # a 404 may echo the URL
                if shown:
                    leaks.append(f"{name} ({url}) shows commune A's {shown} to {key}")
        if before is not None and fingerprint() != before:
            changed.append(name)

    print(f"URL matrix: {len(observed)} patterns, {len(access.USERS)} users, {requests} requests")
    assert wrong == [], "\n".join(wrong)
    assert leaks == [], "\n".join(leaks)
    assert changed == [], f"Refused POSTs changed records: {changed}"
