"""The public look-up of a dossier: its code plus the last 4 digits of the applicant's phone.

Shows the procedure, status, due date and steps, and of the applicant only the initials. Rate-limited
per address, and a wrong code and a wrong phone answer the same, so codes cannot be probed.

What the page shows is decided here once (`answer`, `Found`): the view renders it with the template, and
`portal.lookup_fast.LookupMiddleware` pours the same `Found` into a page pre-rendered from that template.
"""

import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import BigIntegerField, CharField, F, QuerySet
from django.db.models.functions import Upper
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from thanthien.core.formatting import format_date
from thanthien.core.middleware import client_ip
from thanthien.core.public_cache import mark_public
from thanthien.core.ratelimit import allow
from thanthien.core.statements import CompiledStatement, Slot
from thanthien.disclosure.public import public_commune
from thanthien.dossiers.links import rating_token
from thanthien.dossiers.models import Dossier, DossierEvent, initials_of
from thanthien.ratings.queries import rated_by_link
from thanthien.units.models import Unit

LOOKUPS_PER_WINDOW = getattr(settings, "LOOKUP_RATE_LIMIT", 20)
WINDOW_SECONDS = 600
TEMPLATE = "portal/lookup.html"
RATE_PARAMETER = "danh-gia"  # the home's "Rate the service" button: follow the rating link at once
# A rating link signed this recently for a dossier is offered again rather than signed anew: it is as good
# (the link lasts `dossiers.links.LINK_DAYS` from its signing) and signing is a good part of a look-up's time.
RATE_PATH_REUSE_SECONDS = 600
MAX_KEPT_RATE_PATHS = 10_000
# Labels by value, translated when shown (an enum's `choices` is built anew at each use).
STATUS_LABELS = dict(Dossier.Status.choices)
STEP_LABELS = dict(DossierEvent.Kind.choices)


@dataclass(frozen=True)
class Step:
    """One step of the dossier's history, as the page shows it."""

    at: str
    kind: str


@dataclass(frozen=True)
class Found:
    """What the page shows of a dossier found by its code and phone digits (of the applicant: initials)."""

    code: str
    procedure_name: str
    applicant_initials: str
    status: str
    received: str
    due: str
    already_rated: bool
    rate_path: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Answer:
    """The look-up's answer to a code and digits: its status, and the error or the dossier found."""

    status: int
    error: str = ""
    found: Found | None = None


def given(request: HttpRequest) -> tuple[str, str]:
    """The code and the phone's last digits as typed (stripped); empty when not given."""
    return request.GET.get("ma", "").strip(), request.GET.get("so", "").strip()


def wants_to_rate(request: HttpRequest) -> bool:
    return bool(request.GET.get(RATE_PARAMETER))


def answer(request: HttpRequest, commune: Unit, code: str, last_digits: str) -> Answer:
    """Count the look-up against the address's limit, then find the dossier (a code and digits given)."""
    if not allow(
        "lookup", client_ip(request) or "unknown", limit=LOOKUPS_PER_WINDOW, window_seconds=WINDOW_SECONDS
    ):
        return Answer(
            429, error=_("Too many look-ups from your connection. Please wait 10 minutes and try again.")
        )
    found = look_up(commune, code, last_digits)
    if found is None:
        return Answer(
            404, error=_("No dossier matches this code and phone number. Check the receipt and try again.")
        )
    return Answer(200, found=found)


@login_not_required
@require_GET
def dossier_lookup(request: HttpRequest, slug: str) -> HttpResponse:
    commune = public_commune(slug)
    code, last_digits = given(request)
    context: dict[str, Any] = {"commune": commune, "code": code, "last_digits": last_digits}
    if not (code and last_digits):
        return mark_public(render(request, TEMPLATE, context))
    result = answer(request, commune, code, last_digits)
    # The code and the phone's last digits prove the receipt is at hand, as its QR code does: the rating
    # link is offered (or followed at once, from the "Rate the service" button of the commune's home).
    if result.found and wants_to_rate(request) and not result.found.already_rated:
        return redirect(result.found.rate_path)
    context.update(error=result.error, found=result.found)
    return render(request, TEMPLATE, context, status=result.status)


def look_up(commune: Unit, code: str, last_digits: str) -> Found | None:
    """The dossier of this code in the commune, if its applicant's phone ends in these 4 digits; one
    statement. A wrong code and a wrong phone both give None."""
    if len(last_digits) != 4 or not last_digits.isdigit():
        return None
    rows = _statement().rows({"commune": commune.pk, "code": code.upper()})
    if not rows or not rows[0][3].endswith(last_digits):
        return None
    return _found(commune, [row for row in rows if row[0] == rows[0][0]])


def _found(commune: Unit, rows: list[tuple[Any, ...]]) -> Found:
    pk, code, name, _phone, status, received_at, due_on, rated, procedure_name = rows[0][:9]
    return Found(
        code=code,
        procedure_name=procedure_name,
        applicant_initials=initials_of(name),
        status=str(STATUS_LABELS.get(status, status)),
        received=formats.date_format(timezone.localtime(_aware(received_at)), "SHORT_DATE_FORMAT"),
        due=format_date(_date(due_on)),
        already_rated=bool(rated),
        rate_path=_rate_path(commune, pk),
        steps=tuple(_step(at, kind) for *_dossier, at, kind in rows if at is not None),
    )


# (commune's slug, dossier) -> (when signed, the rating link's path)
_rate_paths: dict[tuple[str | None, int], tuple[float, str]] = {}


def _rate_path(commune: Unit, pk: int) -> str:
    """The address of the dossier's rating link, signed at most `RATE_PATH_REUSE_SECONDS` ago."""
    key = (commune.slug, pk)
    now = time.time()  # the signer's own clock
    kept = _rate_paths.get(key)
    if kept is None or abs(now - kept[0]) > RATE_PATH_REUSE_SECONDS:
        if len(_rate_paths) >= MAX_KEPT_RATE_PATHS:
            _rate_paths.clear()
        token = rating_token(Dossier(pk=pk))
        kept = _rate_paths[key] = (now, reverse("portal:rate", kwargs={"slug": commune.slug, "token": token}))
    return kept[1]


def _step(at: datetime | str, kind: str) -> Step:
    when = formats.date_format(timezone.localtime(_aware(at)), "SHORT_DATETIME_FORMAT")
    return Step(at=when, kind=str(STEP_LABELS.get(kind, kind)))


def _aware(value: datetime | str) -> datetime:
    """A time as PostgreSQL gives it (aware) or SQLite (naive UTC, or text in an expression's column)."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)


def _date(value: date | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _lookup_rows() -> QuerySet[Any]:
    """What a look-up reads, in one round trip: the dossier by its code in the commune (as typed, upper or
    lower case: `code` is given upper), its procedure's name, whether its link was used to rate, and its
    steps in order (one row each; a dossier with none gives one row with no step)."""
    return (
        Dossier.objects.alias(code_upper=Upper("code"))
        .filter(commune_id=Slot("commune", BigIntegerField()), code_upper=Slot("code", CharField()))
        .annotate(already_rated=rated_by_link(), procedure_name=F("procedure__name"))
        .annotate(step_at=F("events__at"), step_kind=F("events__kind"))
        .values_list(
            "pk",
            "code",
            "applicant_name",
            "applicant_phone",
            "status",
            "received_at",
            "due_on",
            "already_rated",
            "procedure_name",
            "step_at",
            "step_kind",
        )
        .order_by("pk", "events__at", "events__id")
    )


_compiled: list[CompiledStatement] = []


def _statement() -> CompiledStatement:
    """Compiled once per process; planned once per connection on PostgreSQL (an index look-up)."""
    if not _compiled:
        _compiled.append(CompiledStatement.of(_lookup_rows(), prepared=True))
    return _compiled[0]
