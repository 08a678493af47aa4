"""Who may read and change units, offices, officials, memberships and the audit log.

Built on `thanthien.core.scoping`; every list, detail, API and export of this app goes through here.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from thanthien.core.models import AuditEvent
from thanthien.core.scoping import has_role_at, is_within, memberships_of, scope_paths, unit_scope
from thanthien.core.validation import is_number
from thanthien.units.models import AccessApproval, Household, Membership, Official, Role, Unit, User
from thanthien.units.users import AnyUser

EVERY_ROLE = frozenset(Role.values)
# Reads every province's figures and the country side by side (reports.permissions.can_see_country).
NATIONAL_REVIEWER_PERMISSION = "reports.view_country"
EDITORS = frozenset({Role.LEADER, Role.ADMINISTRATOR})
ADMINISTRATORS = frozenset({Role.ADMINISTRATOR})
# Roles that can change or approve a commune's data: they must use two-factor login.
TWO_FACTOR_ROLES = frozenset({Role.LEADER, Role.REVIEWER, Role.ADMINISTRATOR})
# Who may read an official's unpublished phone number (protected personal data; every read is audited).
PRIVATE_PHONE_READERS = frozenset({Role.LEADER, Role.ADMINISTRATOR, Role.DESK_OFFICER})
# The roles whose holders read denouncers' and complainants' identities at their own commune (feedback's
# `can_reveal_identity`; Law on Denunciations arts. 8(3), 56). Giving one needs a leader's approval.
IDENTITY_READER_ROLES = frozenset({Role.LEADER})
# Who approves giving such a role: a leader of the unit, or an administrator of a unit above it.
ACCESS_APPROVER_ROLES = frozenset({Role.LEADER})


# A village head's membership is at a village, and only a village head's is (issue #20 item 2).
# Who brings a village's requests, reflections and slips into its commune's intake: the village head and
# the Front's members at the village, each holding the role at one village only.
VILLAGE_ROLES = frozenset({Role.VILLAGE_HEAD, Role.VILLAGE_FRONT})
# The back-office pages a village's people use (their account, pairing and listing their phones); the
# village app itself and the public site are open pages. Every other page answers them 403 (deny by default).
VILLAGE_PEOPLE_PAGES = frozenset(
    {
        "home",
        "accounts:logout",
        "accounts:otp_setup",
        "accounts:otp_verify",
        "accounts:password_change",
        "accounts:password_change_done",
        "devices:list",
        "devices:pair_village",
    }
)


def role_fits_unit(role: str, level: str) -> bool:
    """Return True when a membership with `role` may be held at a unit of `level`.

    The village head and the Front's member at the village hold their role at one village (and so see
    nothing of the commune); every other role is held at a commune or above.
    """
    return (role in VILLAGE_ROLES) == (level == Unit.Level.VILLAGE)


def role_reads_identities(role: str) -> bool:
    """Return True when holding `role` at a commune lets one read the identities of its senders."""
    return role in IDENTITY_READER_ROLES


def acts_for_commune(user: User, unit: Unit, roles: Iterable[str]) -> bool:
    """Return True when `unit` is a commune and the user holds one of `roles` there (or above it)."""
    return unit.level == Unit.Level.COMMUNE and has_role_at(user, unit.path, roles)


def communes_with_role(user: User, roles: Iterable[str]) -> QuerySet[Unit]:
    """Return the communes where the user holds one of `roles` (at the commune or above it)."""
    return Unit.objects.filter(unit_scope(user, "path", roles), level=Unit.Level.COMMUNE)


def chosen_commune(communes: QuerySet[Unit], pk: str | None) -> Unit:
    """Return the commune `pk` among `communes` (Http404 otherwise), or without `pk` the first of them.

    PermissionDenied when `communes` is empty: the user acts for no commune at all.
    """
    if pk:
        if not is_number(str(pk)):
            raise Http404
        return get_object_or_404(communes, pk=pk)
    commune = communes.first()
    if commune is None:
        raise PermissionDenied
    return commune


def may_open_page(user: AnyUser, view_name: str) -> bool:
    """Return False for a back-office page (`app:name`) that is not for the user: a person whose only
    roles are at a village opens `VILLAGE_PEOPLE_PAGES` and nothing else of the back office."""
    if not user.is_authenticated or user.is_superuser or view_name in VILLAGE_PEOPLE_PAGES:
        return True
    roles = roles_of(user)
    return not roles or not roles <= VILLAGE_ROLES


def roles_of(user: User) -> set[str]:
    """Return every role the user holds anywhere."""
    return {role for _path, role in memberships_of(user)}


def visible_units(user: User) -> QuerySet[Unit]:
    """Return the units the user belongs to and every unit below them."""
    return Unit.objects.filter(unit_scope(user, "path"))


def get_unit_for_user(user: User, pk: int) -> Unit:
    """Return the unit, or raise Http404 for 'missing' and 'not yours' alike."""
    return get_object_or_404(visible_units(user), pk=pk)


def home_units(user: User) -> QuerySet[Unit]:
    """Return the units the user holds a membership in (not those below)."""
    if user.is_superuser:
        return Unit.objects.filter(level=Unit.Level.PROVINCE)
    return Unit.objects.filter(memberships__user=user, memberships__is_active=True).distinct()


def can_change_unit(user: User, unit: Unit) -> bool:
    """Leaders and administrators change their unit's profile, villages and offices."""
    return has_role_at(user, unit.path, EDITORS)


def visible_officials(user: User) -> QuerySet[Official]:
    """Return the officials of the units the user may see."""
    return Official.objects.filter(unit_scope(user, "unit__path"))


def get_official_for_user(user: User, pk: int) -> Official:
    """Return the official, or raise Http404 for 'missing' and 'not yours' alike."""
    return get_object_or_404(visible_officials(user).select_related("unit", "office"), pk=pk)


def can_manage_officials(user: User, unit: Unit) -> bool:
    """Leaders and administrators add, change and retire the officials of their unit."""
    return has_role_at(user, unit.path, EDITORS)


def can_view_private_phone(user: User, official: Official) -> bool:
    """Colleagues who need it may read an unpublished phone; the read is audited by the caller."""
    return official.is_phone_published or has_role_at(user, official.unit.path, PRIVATE_PHONE_READERS)


def visible_memberships(user: User) -> QuerySet[Membership]:
    """Return the memberships an administrator manages."""
    return Membership.objects.filter(unit_scope(user, "unit__path", ADMINISTRATORS))


def can_manage_memberships(user: User, unit: Unit) -> bool:
    """Only administrators grant and withdraw roles, within their unit."""
    return has_role_at(user, unit.path, ADMINISTRATORS)


def visible_audit_events(user: User) -> QuerySet[AuditEvent]:
    """Return the audit events of the units the user administers (everything for a superuser)."""
    if user.is_superuser and user.is_active:
        return AuditEvent.objects.all()
    scope = unit_scope(user, "unit_path", ADMINISTRATORS)
    if scope == Q(pk__in=[]):
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(scope)


def can_manage_accounts(user: User) -> bool:
    """Administrators (and superusers) create logins and grant roles within their units."""
    return (user.is_superuser and user.is_active) or bool(roles_of(user) & ADMINISTRATORS)


def can_view_audit_log(user: User) -> bool:
    """Administrators (and superusers) read the audit log."""
    return (user.is_superuser and user.is_active) or bool(roles_of(user) & ADMINISTRATORS)


def is_national_reviewer(user: User) -> bool:
    """A login a superuser gave the permission to read every province's figures (no unit, no role: the
    permission `reports.view_country`, on the user or a group)."""
    return bool(getattr(user, "is_active", False) and user.has_perm(NATIONAL_REVIEWER_PERMISSION))


def can_use_django_admin(user: AnyUser) -> bool:
    """The Django admin (/admin/) is for an active superuser only; staff who are not superusers are refused
    there and everyone else works through the app's own pages (settings, accounts, catalogue)."""
    return bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))


def needs_two_factor(user: User) -> bool:
    """Return True when the user's roles require a second factor at login (a national reviewer's too)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser or user.is_staff or roles_of(user) & TWO_FACTOR_ROLES:
        return True
    return is_national_reviewer(user)


def can_approve_access(user: User, unit: Unit) -> bool:
    """A leader of the unit (or above it), or an administrator of a unit above it, approves giving a role
    that reads identities and resetting such an account's password; so does an active superuser.

    A commune's own administrator never does: that is the power being checked.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    for path, role in memberships_of(user):
        if role in ACCESS_APPROVER_ROLES and is_within(unit.path, path):
            return True
        if role in ADMINISTRATORS and unit.path.startswith(path + "/"):
            return True
    return False


def can_view_access_approvals(user: User) -> bool:
    """Leaders and administrators (and superusers) open the list of approval requests."""
    if user.is_superuser and user.is_active:
        return True
    return bool(roles_of(user) & (ACCESS_APPROVER_ROLES | ADMINISTRATORS))


def needs_access_approval(by: User, unit: Unit, roles: Iterable[str]) -> bool:
    """Return True when giving (or resetting a holder of) one of `roles` in `unit` waits for an approver."""
    return any(role_reads_identities(role) for role in roles) and not can_approve_access(by, unit)


def visible_access_approvals(user: User) -> QuerySet[AccessApproval]:
    """Return the approval requests the user decides (as `can_approve_access`) or asked for."""
    if user.is_superuser and user.is_active:
        return AccessApproval.objects.all()
    condition = unit_scope(user, "unit__path", ACCESS_APPROVER_ROLES) | Q(requested_by=user)
    for path in {path for path, role in memberships_of(user) if role in ADMINISTRATORS}:
        condition |= Q(unit__path__startswith=path + "/")
    return AccessApproval.objects.filter(condition)


def pending_access_approvals(user: User) -> list[AccessApproval]:
    """Return the requests waiting for this user's decision (listed on an approver's pages)."""
    waiting = visible_access_approvals(user).filter(status=AccessApproval.Status.PENDING)
    return [
        approval
        for approval in waiting.select_related("unit", "user", "requested_by").order_by("created_at")
        if can_approve_access(user, approval.unit)
    ]


# --- Settings pages (issue #18 item 1): the rules kept as data, changed by administrators ------------------
# Who changes rules kept as data (time limits, quiet hours, weights…) on the settings pages.
SETTINGS_EDITORS = ADMINISTRATORS


def administers_a_province(user: User) -> bool:
    """Return True when the user administers a whole province (or is an active superuser).

    A province is the top of a path ("38"); its administrator also changes the shared (national) rows.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(role in SETTINGS_EDITORS and "/" not in path for path, role in memberships_of(user))


def can_manage_settings(user: User) -> bool:
    """Administrators of a province or a commune (and superusers) open the settings pages."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or bool(roles_of(user) & SETTINGS_EDITORS)


def can_change_setting(user: User, unit: Unit | None) -> bool:
    """Return True when the user may add a version of a setting row of `unit` (None: the shared row).

    Shared rows belong to a province's administrator (or a superuser); a unit's rows to an administrator of
    that unit or of a unit above it: a province's administrator changes its communes', a commune's its own.
    """
    if not can_manage_settings(user):
        return False
    if unit is None:
        return administers_a_province(user)
    return has_role_at(user, unit.path, SETTINGS_EDITORS)


def settings_units(user: User, levels: Iterable[str]) -> QuerySet[Unit]:
    """Return the units of `levels` whose setting rows the user may change (their own and those below)."""
    return Unit.objects.filter(unit_scope(user, "path", SETTINGS_EDITORS), level__in=list(levels))


def setting_scope(user: User, unit_lookup: str) -> Q:
    """Return a filter keeping the setting rows an administrator sees: the shared ones, those of the units
    they administer and below, and those of the units above them (what applies to them)."""
    if user.is_superuser and user.is_active:
        return Q()
    condition = Q(**{f"{unit_lookup}__isnull": True}) | unit_scope(
        user, f"{unit_lookup}__path", SETTINGS_EDITORS
    )
    for path in scope_paths(user, SETTINGS_EDITORS):
        parts = path.split("/")
        ancestors = ["/".join(parts[:i]) for i in range(1, len(parts))]
        if ancestors:
            condition |= Q(**{f"{unit_lookup}__path__in": ancestors})
    return condition


def setting_history_scope(user: User) -> Q:
    """Return a filter of the audit log keeping the changes of setting rows the user sees (shared rows
    have no unit path)."""
    if user.is_superuser and user.is_active:
        return Q()
    condition = Q(unit_path="") | unit_scope(user, "unit_path", SETTINGS_EDITORS)
    for path in scope_paths(user, SETTINGS_EDITORS):
        parts = path.split("/")
        condition |= Q(unit_path__in=["/".join(parts[:i]) for i in range(1, len(parts))] or [""])
    return condition


# --- A household's story (issue #20 item 5) --------------------------------------------------------------
# Who reads a household's story and records or withdraws its consent: the leaders and desk officers of the
# household's own commune, who serve it. Nobody above the commune, and no superuser as such: what the
# commune did with a household is the commune's to know (PDPL 91/2025/QH15: least access for the purpose).
HOUSEHOLD_STORY_ROLES = frozenset({Role.LEADER, Role.DESK_OFFICER})


def can_view_household_story(user: User, commune: Unit) -> bool:
    """Return True when the user serves the households of `commune` (held at the commune itself)."""
    if not getattr(user, "is_active", False):
        return False
    return any(path == commune.path and role in HOUSEHOLD_STORY_ROLES for path, role in memberships_of(user))


def household_story_communes(user: User) -> QuerySet[Unit]:
    """Return the communes whose households' stories the user reads."""
    paths = {path for path, role in memberships_of(user) if role in HOUSEHOLD_STORY_ROLES}
    return Unit.objects.filter(path__in=paths, level=Unit.Level.COMMUNE).order_by("name")


def visible_story_households(user: User) -> QuerySet[Household]:
    """Return the households whose story the user may open (with the household's consent)."""
    return Household.objects.filter(village__parent__in=household_story_communes(user))


def get_story_household_for_user(user: User, pk: int) -> Household:
    """Return the household, or raise Http404 for 'missing' and 'another commune's' alike."""
    return get_object_or_404(visible_story_households(user).select_related("village__parent"), pk=pk)


# --- Screens by role: what the menu shows and where each role lands (issue #18 item 2) ------------------
# Each screen of the back office and the roles that use it. The sets follow the apps' own permissions (a
# test holds them equal: dossiers' HANDLERS, letters' DRAFTERS, disclosure's PUBLISHERS, ...); a screen a
# role cannot use is not in its menu, and one it can use answers 200.
DESK_OFFICER, LEADER, SUPERVISOR = Role.DESK_OFFICER, Role.LEADER, Role.SUPERVISOR
REVIEWER, ADMINISTRATOR = Role.REVIEWER, Role.ADMINISTRATOR
COMMUNE_READERS = frozenset({DESK_OFFICER, LEADER, SUPERVISOR, REVIEWER, ADMINISTRATOR})
SCREEN_ROLES: dict[str, frozenset[str]] = {
    "desk": frozenset({DESK_OFFICER, LEADER, ADMINISTRATOR}),
    "feedback": COMMUNE_READERS,
    "procedures": frozenset({DESK_OFFICER, LEADER, ADMINISTRATOR}),
    "letters": frozenset({DESK_OFFICER, LEADER, ADMINISTRATOR}),
    "satisfaction": COMMUNE_READERS,
    "surveys": frozenset({DESK_OFFICER, LEADER, SUPERVISOR, ADMINISTRATOR}),
    "reception": COMMUNE_READERS,
    "supervision": frozenset({LEADER, SUPERVISOR, ADMINISTRATOR}),
    "tasks": frozenset({DESK_OFFICER, LEADER, SUPERVISOR, ADMINISTRATOR}),
    "disclosure": frozenset({DESK_OFFICER, LEADER, ADMINISTRATOR}),
    "reports": frozenset({LEADER, REVIEWER, ADMINISTRATOR}),
    "ranking": frozenset({LEADER, SUPERVISOR, REVIEWER, ADMINISTRATOR}),
    "assessment": frozenset({DESK_OFFICER, LEADER, REVIEWER, ADMINISTRATOR}),
    "communes": COMMUNE_READERS,
    "village": VILLAGE_ROLES,
    "devices": VILLAGE_ROLES,
}
# The ranking sets the communes of a province (or former district) side by side: its readers hold their
# role there; a commune's people would only see an empty page.
RANKING_LEVELS = frozenset({Unit.Level.PROVINCE, Unit.Level.DISTRICT})
# Where each role lands after login, the first that fits: the leaders, administrators and reviewers on
# "today", the Front's chair (supervisor) on the supervision pages, the desk officer on the desk's day.
LANDING_ORDER = [
    (frozenset({LEADER, ADMINISTRATOR, REVIEWER}), "today"),
    (frozenset({SUPERVISOR}), "supervision"),
    (frozenset({DESK_OFFICER}), "desk"),
    (VILLAGE_ROLES, "village"),
]


def landing_screen(user: User) -> str:
    """Return the screen the user lands on: "today", "supervision", "desk" or "village"."""
    if user.is_superuser:
        return "today"
    roles = roles_of(user)
    for holders, screen in LANDING_ORDER:
        if roles & holders:
            return screen
    return "today"


# Screens whose rule lives in an app above units (reports' national table): the app registers its rule
# once at start-up, so the menu asks the same function the page does.
_SCREEN_CHECKS: dict[str, Callable[[Any], bool]] = {}


def register_screen_check(screen: str, check: Callable[[Any], bool]) -> None:
    """Let an app decide who uses one of its screens (called from its AppConfig.ready)."""
    _SCREEN_CHECKS[screen] = check


def can_use_screen(user: User, screen: str) -> bool:
    """Return True when the menu offers `screen` to the user (a key of SCREEN_ROLES, or one of "today",
    "accounts", "approvals", "audit", "admin")."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if screen == "today":
        return landing_screen(user) == "today"
    if screen == "accounts":
        return can_manage_accounts(user)
    if screen == "approvals":
        return can_view_access_approvals(user)
    if screen == "audit":
        return can_view_audit_log(user)
    if screen == "admin":
        return can_use_django_admin(user)
    if screen == "settings":
        return can_manage_settings(user)
    if screen == "households":
        return bool(roles_of(user) & HOUSEHOLD_STORY_ROLES)
    if screen in _SCREEN_CHECKS:
        return _SCREEN_CHECKS[screen](user)
    if user.is_superuser:
        return not SCREEN_ROLES[screen] <= VILLAGE_ROLES
    if screen == "ranking":
        if not roles_of(user) & SCREEN_ROLES["ranking"]:
            return False
        return any(
            role in SCREEN_ROLES["ranking"] and level in RANKING_LEVELS
            for level, role in Membership.objects.filter(user=user, is_active=True).values_list(
                "unit__level", "role"
            )
        )
    return bool(roles_of(user) & SCREEN_ROLES[screen])
