"""Recording ratings, however they arrive: kiosk, link on the receipt or SMS, a paper slip, another system."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F, OuterRef, Q, Subquery, Value, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from thanthien.core import audit, idempotency
from thanthien.core.inserts import ReadAlong, insert
from thanthien.core.models import AuditEvent
from thanthien.core.process_cache import ProcessCache
from thanthien.core.statements import CompiledStatement, Slot, atomic_for_sole_write
from thanthien.core.validation import COMMENT_MAX, check_text
from thanthien.notifications.services import queue_notification
from thanthien.ratings import queries
from thanthien.ratings.alerting import below_commune, is_dissatisfied_with_comment, low_rate_over_window
from thanthien.ratings.indices import satisfaction_rate
from thanthien.ratings.models import Rating, RatingAlert, RatingLevel, RatingScale, SatisfactionPolicy
from thanthien.ratings.permissions import can_close_alert, can_enter_paper_slip
from thanthien.units.models import Official, Unit, User
from thanthien.units.queries import leader_phones

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # before any rating: no closed alert yet
ModelT = TypeVar("ModelT", bound=models.Model)
# Stored as these stable keys in Rating.reasons, so that counting them does not depend on the language.
KIOSK_REASONS = [
    ("friendly", gettext_lazy("Friendly attitude")),
    ("clear_guidance", gettext_lazy("Clear guidance")),
    ("quick", gettext_lazy("Dealt with quickly")),
    ("long_wait", gettext_lazy("Had to wait long")),
    ("unclear_guidance", gettext_lazy("Guidance was unclear")),
]


# Every rating reads the scale and the policy in force: kept per web process (core.process_cache), forgotten
# here at once when one changes, in the other processes within RULES_CACHE_SECONDS.
_rules_in_force: ProcessCache[Any] = ProcessCache(
    "ratings-rules",
    setting="RULES_CACHE_SECONDS",
    default_seconds=10,
    watch=(RatingScale, RatingLevel, SatisfactionPolicy),
)
_PREFETCH: dict[type, tuple[str, ...]] = {RatingScale: ("levels",)}


def in_force(model: type[ModelT], unit: Unit, day: date) -> ModelT | None:
    """Return the commune's own row in force on a day, else the default row (`unit` empty), else None."""
    key = (model, unit.pk if unit is not None else None, day)  # no unit: the default row alone
    _rules_in_force.watch(model)  # any effective-dated model read through here (ranking weights too)
    row: ModelT | None = _rules_in_force.get_or_load(key, lambda: _read_in_force(model, unit, day))
    return row


def _read_in_force(model: type[ModelT], unit: Unit, day: date) -> ModelT | None:
    rows = model.objects.filter(Q(unit=unit) | Q(unit__isnull=True), valid_from__lte=day)  # type: ignore[attr-defined]  # ModelT: a model with `objects`
    row: ModelT | None = rows.order_by(F("unit_id").asc(nulls_last=True), "-valid_from").first()  # own first
    if row is not None and model in _PREFETCH:
        prefetch_related_objects([row], *_PREFETCH[model])
    return row


@dataclass(frozen=True)
class EarlyWarning:
    """An official whose last weeks fall below the commune by the policy's margin (no alert opened)."""

    official: Any
    rate: Decimal
    commune_rate: Decimal
    ratings: int
    weeks: int
    margin: Decimal


def early_warnings(unit: Unit, day: date) -> list[EarlyWarning]:
    """The officials of a commune whose last N weeks up to `day` fall below the commune's rate by the margin.

    N and the margin come from the satisfaction policy in force on `day`. Read before the low-rating alert
    fires: nothing is written; callers show it to whom `ratings.permissions` allows.
    """
    policy = in_force(SatisfactionPolicy, unit, day)
    if policy is None:
        return []
    until = timezone.make_aware(datetime.combine(day + timedelta(days=1), datetime.min.time()))
    recent = Rating.objects.filter(
        unit=unit, rated_at__gte=until - timedelta(weeks=policy.early_warning_weeks), rated_at__lt=until
    )
    commune_rate = satisfaction_rate(queries.tally(recent))
    officials = {official.pk: official for official in Official.objects.filter(unit=unit)}
    warnings = []
    for official_id, tally in queries.tallies_by(recent.exclude(official=None), "official").items():
        rate = satisfaction_rate(tally)
        if (
            official_id in officials
            and rate is not None
            and commune_rate is not None
            and below_commune(rate, commune_rate, margin=policy.early_warning_margin)
        ):
            warnings.append(
                EarlyWarning(
                    officials[official_id],
                    rate,
                    commune_rate,
                    tally.total,
                    policy.early_warning_weeks,
                    policy.early_warning_margin,
                )
            )
    return sorted(warnings, key=lambda warning: warning.rate)


def scale_for(unit: Unit, day: date) -> RatingScale:
    """Return the scale in force for a commune on a day: its own, else the default one."""
    scale = in_force(RatingScale, unit, day)
    if scale is None:
        raise ValidationError(_("No rating scale is in force on %(day)s.") % {"day": f"{day:%d/%m/%Y}"})
    return scale


def record_rating(
    unit: Unit,
    *,
    level: int,
    channel: str,
    dossier: Any = None,
    procedure: Any = None,
    official: Any = None,
    details: dict[str, int] | None = None,
    reasons: list[str] | None = None,
    comment: str = "",
    rated_at: datetime | None = None,
    by: User | None = None,
    client_key: str = "",
) -> Rating:
    """Record one rating in the commune's scale; a paper slip is entered by an official of the commune.

    A moment later than now (a kiosk's clock ahead) counts as now. With `client_key` (a kiosk's or a slip
    form's key), a repeat by the same `by` returns the rating recorded the first time
    (`idempotency.was_replayed` tells it), and the same key for another rating is refused.
    """
    if channel not in Rating.Channel.values:
        raise ValidationError(pgettext("rating", "Unknown channel: %(channel)s") % {"channel": channel})
    if channel == Rating.Channel.PAPER and (by is None or not can_enter_paper_slip(by, unit)):
        raise PermissionDenied
    if rated_at is not None and timezone.is_naive(rated_at):
        raise ValidationError(
            _("The time of the rating needs its time zone, e.g. 2026-03-02T09:30:00+07:00.")
        )
    arguments: dict[str, Any] = {
        "level": level,
        "channel": channel,
        "dossier": dossier,
        "procedure": procedure,
        "official": official,
        "details": details or {},
        "reasons": reasons or [],
        "comment": comment,
        "rated_at": rated_at,
    }
    return idempotency.create_once(
        "ratings.record",
        actor=by,
        client_key=client_key,
        content=[unit, *arguments.values()],
        create=lambda: _record(unit, by=by, **arguments),
        model=Rating,
        effects_in_database=True,  # the rating, its alerts and their SMS in the outbox
    )


def _record(
    unit: Unit,
    *,
    level: int,
    channel: str,
    dossier: Any,
    procedure: Any,
    official: Any,
    details: dict[str, int],
    reasons: list[str],
    comment: str,
    rated_at: datetime | None,
    by: User | None,
) -> Rating:
    """Check the rating against the scale in force (no database but the kept rules), then write it."""
    comment = check_text(comment.strip(), max_length=COMMENT_MAX, field=_("The comment"))
    now = timezone.now()
    rated_at = min(rated_at, now) if rated_at is not None else now
    scale = scale_for(unit, timezone.localtime(rated_at).date())
    chosen = _level(scale, level)
    _check_subjects(unit, dossier, official)
    rating = Rating(
        unit=unit,
        dossier=dossier,
        procedure_id=_procedure_id(dossier, procedure),
        official=official,
        channel=channel,
        scale=scale,
        level=chosen.value,
        sentiment=chosen.sentiment,
        is_top=chosen.is_top,
        details=_checked_details(scale, details),
        reasons=[str(reason)[:200] for reason in reasons][:20],
        comment=comment,
        rated_at=rated_at,
        entered_by=by if channel == Rating.Channel.PAPER else None,
    )
    return _write(rating, by=by)


# Everything was checked before: inside the caller's transaction (the client key's claim) no savepoint is
# needed, since any error here rolls the whole request back.
@atomic_for_sole_write(savepoint=False)
def _write(rating: Rating, *, by: User | None) -> Rating:
    """Insert the checked rating, its audit line (a paper slip) and the alerts it calls for, in one go.

    On PostgreSQL the official's low-rate window as it stood is read by the statement that inserts the
    rating (with the kiosk's key claimed in it too): a rating is one statement between BEGIN and COMMIT.
    A rating after which nothing can be written (no official's window to judge, no comment to alert on,
    not a paper slip: a dossier's link, mostly) is that statement alone, with no BEGIN or COMMIT.
    """
    policy = in_force(SatisfactionPolicy, rating.unit, timezone.localtime(rating.rated_at).date())
    window = _window_read_along(rating, policy)
    sole_write = rating.channel != Rating.Channel.PAPER and not _may_call_for_alerts(rating, policy)
    insert(rating, along=idempotency.pending_claim(Rating), reading=window, sole_write=sole_write)
    if rating.channel == Rating.Channel.PAPER:
        audit.record(AuditEvent.Action.CREATE, rating, by=by, changes={"level": rating.level})
    raise_alerts_for(rating, policy, WindowBefore.read_along(window))
    return rating


def _procedure_id(dossier: Any, procedure: Any) -> int | None:
    """The procedure a rating is of: its dossier's (read from the id: no query), else the one given."""
    if dossier is not None:
        return int(dossier.procedure_id)
    return None if procedure is None else int(procedure.pk)


def _level(scale: RatingScale, value: int) -> RatingLevel:
    chosen = next((level for level in scale.levels.all() if level.value == value), None)
    if chosen is None:
        allowed = ", ".join(str(level.value) for level in scale.levels.all())
        raise ValidationError(
            _("The level %(level)s is not on the scale (%(allowed)s).") % {"level": value, "allowed": allowed}
        )
    return chosen


def _checked_details(scale: RatingScale, details: dict[str, int]) -> dict[str, int]:
    if not details:  # the kiosk sends none: spare the levels query (_level has just run the same one)
        return {}
    values = {level.value for level in scale.levels.all()}
    for element, value in details.items():
        if element not in Rating.Element.values:
            raise ValidationError(_("Unknown element of the service: %(element)s") % {"element": element})
        if value not in values:
            raise ValidationError(
                _("The level %(level)s is not on the scale (%(allowed)s).")
                % {"level": value, "allowed": ", ".join(map(str, sorted(values)))}
            )
    return dict(details)


def _check_subjects(unit: Unit, dossier: Any, official: Any) -> None:
    if dossier is not None and dossier.commune_id != unit.pk:
        raise ValidationError(_("The dossier belongs to another commune."))
    if official is not None and official.unit_id != unit.pk:
        raise ValidationError(_("The official works for another commune."))


def raise_alerts_for(
    rating: Rating, policy: SatisfactionPolicy | None, before: "WindowBefore | None" = None
) -> list[RatingAlert]:
    """Open the alerts a new rating calls for under the policy in force, in the rating's transaction, and tell
    the leaders by SMS. `before` is the official's window as it stood before the rating, where it was read
    with the insert; otherwise it is read here."""
    if policy is None:
        return []
    raised = []
    if _comment_calls_for_alert(rating, policy):
        raised.append(_open_alert(rating, RatingAlert.Kind.DISSATISFIED_COMMENT))
    if rating.official_id is not None:
        if before is None:
            before = _read_window_before(rating, rating.official_id, policy.alert_window)
        rate = low_rate_over_window(
            before.latest_sentiments_with(rating, policy.alert_window),
            window=policy.alert_window,
            threshold=policy.alert_threshold,
        )
        if rate is not None:
            raised.append(
                _open_alert(
                    rating,
                    RatingAlert.Kind.LOW_RATE,
                    rate=rate,
                    window=policy.alert_window,
                    threshold=policy.alert_threshold,
                )
            )
    opened = [alert for alert in raised if alert is not None]
    for alert in opened:
        _tell_the_leaders(alert)
    return opened


def _comment_calls_for_alert(rating: Rating, policy: SatisfactionPolicy) -> bool:
    return policy.alert_on_dissatisfied_comment and is_dissatisfied_with_comment(
        rating.sentiment, rating.comment
    )


def _may_call_for_alerts(rating: Rating, policy: SatisfactionPolicy | None) -> bool:
    """Whether `raise_alerts_for` may open an alert for the rating: its comment calls for one, or it rates
    an official, whose window it may take below the threshold (known only once the window is read)."""
    return policy is not None and (rating.official_id is not None or _comment_calls_for_alert(rating, policy))


@dataclass(frozen=True)
class WindowBefore:
    """An official's low-rate window as it stood before a rating, seen from the rating: whether the rating
    counts (it is later than the start of the count: the last closed low-rate alert, else the epoch), and
    the latest ratings since, newest first, as (sentiment, whether it is later than the rating)."""

    counts_rating: bool
    latest: list[tuple[str, bool]]

    @classmethod
    def read_along(cls, window: ReadAlong | None) -> "WindowBefore | None":
        """The window read with the insert (`_window_before_query`'s row); None where it was not."""
        if window is None or window.row is None or window.row[0] is None:  # not read along, or no official
            return None
        counts_rating, sentiments, later = window.row
        return cls(counts_rating, list(zip(sentiments, later, strict=True)))

    def latest_sentiments_with(self, rating: Rating, window: int) -> list[str]:
        """The official's latest `window` sentiments, newest first, once `rating` is in: after the ratings
        later than it. At the same time it is the newer one: no earlier row has a higher id."""
        sentiments = [sentiment for sentiment, _later in self.latest]
        if self.counts_rating:
            sentiments.insert(sum(later for _sentiment, later in self.latest), rating.sentiment)
        return sentiments[:window]


def _window_read_along(rating: Rating, policy: SatisfactionPolicy | None) -> ReadAlong | None:
    """The read of the official's window for the insert of `rating` (PostgreSQL; elsewhere None)."""
    if policy is None or rating.official_id is None or connection.vendor != "postgresql":
        return None
    statement = _window_statements.get(policy.alert_window)
    if statement is None:
        official = Slot("official", models.BigIntegerField())
        rated_at = Slot("rated_at", models.DateTimeField())
        statement = _window_statements[policy.alert_window] = CompiledStatement.of(
            _window_before_query(official, rated_at, policy.alert_window)
        )
    return ReadAlong(*statement.as_prepared({"official": rating.official_id, "rated_at": rating.rated_at}))


_window_statements: dict[int, CompiledStatement] = {}


def _window_before_query(
    official_id: Any, rated_at: Any, window: int
) -> models.QuerySet[Official, tuple[Any, ...]]:
    """One row (PostgreSQL): whether a rating at `rated_at` counts, and the official's latest `window`
    ratings since the start of the count, newest first, as arrays of sentiments and of whether each is
    later than `rated_at` (booleans, not times: nothing to convert in Python)."""
    latest = _latest_since(official_id, OuterRef("since"))[:window]
    return (
        Official._base_manager.filter(pk=official_id)
        .order_by()  # one row: not the officials' list order, which joins their units
        .annotate(since=_start_of_count(official_id))
        .annotate(
            counts_rating=_later(F("since"), rated_at),
            sentiments=ArraySubquery(latest.values("sentiment")),
            later=ArraySubquery(latest.annotate(later=_later(rated_at, F("rated_at"))).values("later")),
        )
        .values_list("counts_rating", "sentiments", "later")
    )


def _read_window_before(rating: Rating, official_id: int, window: int) -> WindowBefore:
    """The official's window without `rating`, read by its own queries (where it was not read along)."""
    official = Official._base_manager.filter(pk=official_id).order_by()
    since = official.annotate(since=_start_of_count(official_id)).values_list("since", flat=True).get()
    latest = _latest_since(official_id, since).exclude(pk=rating.pk)
    later = latest.annotate(later=_later(Value(rating.rated_at), F("rated_at")))
    return WindowBefore(rating.rated_at > since, list(later.values_list("sentiment", "later")[:window]))


def _later(earlier: Any, later: Any) -> GreaterThan:
    """Whether `later` is strictly after `earlier`, a boolean the database computes."""
    return GreaterThan(later, earlier)


def _start_of_count(official_id: Any) -> Coalesce:
    """When an official's low-rate count starts: the last closed low-rate alert, else before any rating."""
    last_closed = (
        RatingAlert.objects.filter(
            official_id=official_id, kind=RatingAlert.Kind.LOW_RATE, closed_at__isnull=False
        )
        .order_by("-closed_at")
        .values("closed_at")[:1]
    )
    return Coalesce(Subquery(last_closed), Value(EPOCH, output_field=models.DateTimeField()))


def _latest_since(official_id: Any, since: Any) -> models.QuerySet[Rating]:
    """The official's ratings later than `since`, newest first."""
    return Rating.objects.filter(official_id=official_id, rated_at__gt=since).order_by("-rated_at", "-id")


def _open_alert(rating: Rating, kind: str, **figures: Any) -> RatingAlert | None:
    """Open one alert; None when the same one is already open (the constraints keep them single)."""
    if (
        kind == RatingAlert.Kind.LOW_RATE
        and RatingAlert.objects.filter(
            # A low-rate alert is about an official: official_id is set for it.
            official_id=rating.official_id,  # type: ignore[misc]
            kind=kind,
            closed_at__isnull=True,
        ).exists()
    ):
        return None
    try:
        with transaction.atomic():
            return RatingAlert.objects.create(
                unit=rating.unit, kind=kind, official=rating.official, rating=rating, **figures
            )
    except IntegrityError:  # raised at the same moment by a concurrent rating
        return None


def _tell_the_leaders(alert: RatingAlert) -> None:
    for official_id, phone in leader_phones(alert.unit):
        queue_notification(
            unit=alert.unit,
            recipient=phone,
            body=alert_text(alert),
            dedupe_key=f"rating-alert:{alert.pk}:official:{official_id}",
        )


def alert_text(alert: RatingAlert) -> str:
    """The SMS to a leader, in the system's language; no citizen's words or data in it."""
    with translation.override(settings.LANGUAGE_CODE):
        if alert.kind == RatingAlert.Kind.LOW_RATE:
            return _(
                "Satisfaction alert, %(commune)s: %(official)s has %(rate)s%% satisfied over the latest "
                "%(window)s ratings (alert below %(threshold)s%%)."
            ) % {
                "commune": alert.unit.name,
                "official": alert.official,
                "rate": alert.rate,
                "window": alert.window,
                "threshold": alert.threshold,
            }
        return _("Satisfaction alert, %(commune)s: a citizen was dissatisfied and left a comment.") % {
            "commune": alert.unit.name
        }


@transaction.atomic
def close_alert(alert: RatingAlert, *, by: User, action: str, note: str = "") -> RatingAlert:
    """The leader records what was done about an alert; that closes it."""
    alert = RatingAlert.objects.select_for_update().get(pk=alert.pk)
    if not can_close_alert(by, alert):
        raise PermissionDenied
    if alert.closed_at is not None:
        raise ValidationError(_("This alert was already closed."))
    if action not in RatingAlert.Action.values:
        raise ValidationError(_("Choose what was done."))
    alert.action, alert.action_note = action, note.strip()[:COMMENT_MAX]
    alert.closed_at, alert.closed_by = timezone.now(), by
    alert.save(update_fields=["action", "action_note", "closed_at", "closed_by", "updated_at"])
    audit.record(AuditEvent.Action.UPDATE, alert, by=by, changes={"action": action})
    return alert
