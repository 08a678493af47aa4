"""Reads about a commune that several screens share (public site, back office, reports)."""

from collections.abc import Iterable
from datetime import date

from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from thanthien.core.process_cache import ProcessCache
from thanthien.core.text import fold_vietnamese
from thanthien.units.models import CommuneProfile, Membership, Official, Unit

# Every public write names its commune by code: kept per web process, forgotten when a unit changes.
_communes_by_code: ProcessCache[Unit | None] = ProcessCache(
    "communes-by-code", setting="RULES_CACHE_SECONDS", default_seconds=10, watch=(Unit,)
)


def commune_by_code(code: str) -> Unit | None:
    """Return the commune with this code (today's or a legacy one), or None; no query when kept."""
    return _communes_by_code.get_or_load(code, lambda: Unit.objects.communes().filter(code=code).first())


def commune_by_slug(slug: str) -> Unit | None:
    """Return the commune whose public site is /x/<slug>/ (with its province), or None; no query when kept."""
    return _communes_by_code.get_or_load(
        ("slug", slug),
        lambda: Unit.objects.select_related("parent").filter(slug=slug, level=Unit.Level.COMMUNE).first(),
    )


def current_commune_by_code(code: str) -> Unit | None:
    """Return the commune with this code that exists today (not one ended by a merger), or None; kept."""
    today = timezone.localdate()
    return _communes_by_code.get_or_load(
        ("today", code, today),
        lambda: Unit.objects.communes().valid_on(today).filter(code=code).first(),
    )


# A kiosk's rating names the official at the desk: kept per web process, forgotten when an official changes.
_active_officials: ProcessCache[Official | None] = ProcessCache(
    "active-officials", setting="RULES_CACHE_SECONDS", default_seconds=10, watch=(Official,)
)


def active_official(commune: Unit, official_id: int) -> Official | None:
    """Return the commune's active official with this id, or None (another commune's, or withdrawn)."""
    return _active_officials.get_or_load(
        (commune.pk, official_id),
        lambda: Official.objects.filter(pk=official_id, unit=commune, is_active=True).first(),
    )


def leaders(commune: Unit) -> QuerySet[Official]:
    """Return the commune's leaders: its active officials marked as leaders (the Chairman and the
    Vice-chairmen), in display order. The one definition every page, message and report uses; an account's
    `Role.LEADER` says what its holder may do in the system, not who leads the commune."""
    return commune.officials.filter(is_active=True, is_leader=True)


def office_members(office_id: int) -> QuerySet[Official]:
    """Return an office's active officials, in the order they were added."""
    return Official.objects.filter(office_id=office_id, is_active=True).order_by("pk")


def office_heads(office_id: int) -> QuerySet[Official]:
    """Return an office's heads: its active officials marked as leaders (the mark `leaders` reads)."""
    return office_members(office_id).filter(is_leader=True)


def public_leaders(commune: Unit) -> QuerySet[Official]:
    """Return the commune's leaders for the public site."""
    return leaders(commune).select_related("office")


def leader_phones(commune: Unit) -> list[tuple[int, str]]:
    """Return (official's id, phone) of each of the commune's leaders with a phone on record."""
    return list(leaders(commune).exclude(phone="").values_list("pk", "phone"))


def villages(communes: Unit | QuerySet[Unit]) -> QuerySet[Unit]:
    """Return the current villages (thôn, tổ dân phố) of a commune or of several communes, by commune and
    name: the one definition pages, forms, imports and reports use. A village ended by a merger or a
    renaming (`valid_to` set) keeps its records but is no longer offered."""
    parent = Q(parent=communes) if isinstance(communes, Unit) else Q(parent__in=communes)
    return Unit.objects.filter(parent, level=Unit.Level.VILLAGE, valid_to__isnull=True).order_by(
        "parent__name", "name"
    )


def villages_offered(commune: Unit, *, keeping: Iterable[Unit | None] = ()) -> QuerySet[Unit]:
    """The villages a staff form offers: the commune's current `villages`, and those a record being
    changed already names (an ended village stays on the records that carry it, and saving them again
    must not drop it)."""
    kept = [village.pk for village in keeping if village is not None]
    offered = villages(commune)
    if not kept:
        return offered
    named = Unit.objects.filter(parent=commune, level=Unit.Level.VILLAGE, pk__in=kept)
    return (offered | named).order_by("name")


# The public feedback form offers a commune's villages to every visitor: kept per web process.
_current_villages: ProcessCache[list[Unit]] = ProcessCache(
    "current-villages", setting="RULES_CACHE_SECONDS", default_seconds=10, watch=(Unit,)
)


def kept_villages(commune: Unit) -> list[Unit]:
    """`villages(commune)`, kept per web process: no query when kept, forgotten when a unit changes."""
    return _current_villages.get_or_load(commune.pk, lambda: list(villages(commune)))


def village_names(commune: Unit) -> list[str]:
    """Return the names of the commune's current villages."""
    return list(villages(commune).values_list("name", flat=True))


def latest_profile(commune: Unit) -> CommuneProfile | None:
    """Return the commune's most recent profile figures, if any."""
    return commune.profiles.order_by("-as_of").first()


def profile_on(commune: Unit, day: date) -> CommuneProfile | None:
    """Return the commune's profile figures as of a day: the latest on or before it, else the earliest."""
    on_or_before = commune.profiles.filter(as_of__lte=day).order_by("-as_of").first()
    return on_or_before or commune.profiles.order_by("as_of").first()


def chairman(commune: Unit) -> Official | None:
    """Return the commune's chairman of the People's Committee, if recorded: an active leader titled
    "Chủ tịch UBND …" (not a vice-chairman, nor the chairman of the Front or of an association)."""
    for official in commune.officials.filter(is_active=True).order_by("sort_order", "pk"):
        title = " ".join(fold_vietnamese(official.title).lower().replace(".", " ").split())
        if title == "chu tich" or title.startswith(("chu tich ubnd", "chu tich uy ban nhan dan")):
            return official
    return None


def unit_on(unit: Unit, day: date) -> Unit | None:
    """Return the unit that stood for `unit` on `day`: itself, or a predecessor or successor valid then.

    Records from before the 1/7/2025 reform (e.g. seed 003, 2023) resolve to the commune of their date.
    """
    seen: set[int] = set()
    frontier = [unit]
    while frontier:
        candidate = frontier.pop(0)
        if candidate.pk in seen:
            continue
        seen.add(candidate.pk)
        if candidate.is_valid_on(day):
            return candidate
        if candidate.valid_from is not None and day < candidate.valid_from:
            frontier.extend(candidate.predecessors.all())
        else:
            frontier.extend(candidate.successors.all())
    return None


def ancestors_on(unit: Unit, day: date) -> list[Unit]:
    """Return the chain province > [district] > commune that `unit` belonged to on `day`, top first."""
    resolved = unit_on(unit, day)
    chain: list[Unit] = []
    while resolved is not None:
        chain.append(resolved)
        resolved = resolved.parent
    return list(reversed(chain))


def in_use_since(commune: Unit) -> date | None:
    """Return the day the commune began to use the platform: its first login (a role given at the commune or
    in one of its villages); None while nobody there has one.

    A duty the law sets on the commune is checked on the platform from that year on, not for the years
    before it kept its records here (the dialogue conference of a year it had no account is not "missed").
    """
    mine = Q(unit=commune) | Q(unit__path__startswith=commune.path + "/")
    first = Membership.objects.filter(mine).aggregate(first=Min("created_at"))["first"]
    return timezone.localdate(first) if first else None
