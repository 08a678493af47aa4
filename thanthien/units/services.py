"""Every write about units, officials, memberships and logins: one transaction each, checked, audited."""

import base64
import secrets
from datetime import date
from typing import Any

import segno
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from thanthien.core import audit
from thanthien.core.models import AuditEvent
from thanthien.core.scoping import forget_memberships
from thanthien.units import permissions
from thanthien.units.models import (
    AccessApproval,
    ApiToken,
    CommuneProfile,
    Membership,
    Official,
    Role,
    Unit,
    User,
)
from thanthien.units.tokens import forget_cached_keys
from thanthien.units.users import AuthenticatedRequest

OFFICIAL_FIELDS = [
    "full_name",
    "title",
    "office",
    "phone",
    "is_phone_published",
    "badge_number",
    "is_leader",
    "is_active",
    "sort_order",
    "user",
]


# --- Commune profile and villages ---------------------------------------------------------------------
@transaction.atomic
def record_commune_profile(
    commune: Unit, *, by: User, as_of: date, households: int, population: int, party_cells: int
) -> CommuneProfile:
    """Record a commune's households, population and Party cells as of a date (replacing that date's)."""
    if not permissions.can_change_unit(by, commune):
        raise PermissionDenied
    if commune.level != Unit.Level.COMMUNE:
        raise ValidationError(_("Only a commune has a profile."))
    if households > population:
        raise ValidationError(_("A commune cannot have more households than people."))
    profile, created = CommuneProfile.objects.update_or_create(
        unit=commune,
        as_of=as_of,
        defaults={"households": households, "population": population, "party_cells": party_cells},
    )
    changes = {"households": households, "population": population, "party_cells": party_cells}
    audit.record(
        AuditEvent.Action.CREATE if created else AuditEvent.Action.UPDATE, profile, by=by, changes=changes
    )
    return profile


@transaction.atomic
def add_village(commune: Unit, *, by: User, name: str, valid_from: date | None = None) -> Unit:
    """Add a village (thôn, xóm, tổ dân phố) under a commune; its code is the commune's plus a number."""
    if not permissions.can_change_unit(by, commune):
        raise PermissionDenied
    village = _create_village(commune, name=name, valid_from=valid_from)
    audit.record(AuditEvent.Action.CREATE, village, by=by)
    return village


def _create_village(commune: Unit, *, name: str, valid_from: date | None) -> Unit:
    name = " ".join(name.split())
    if commune.level != Unit.Level.COMMUNE:
        raise ValidationError(_("Villages can only be added to a commune."))
    if not name:
        raise ValidationError(_("The village name is empty."))
    existing = commune.children.filter(level=Unit.Level.VILLAGE).values_list("name", flat=True)
    if name.casefold() in {other.casefold() for other in existing}:  # SQLite's iexact folds ASCII only
        raise ValidationError(
            _("%(commune)s already has a village named %(name)s.") % {"commune": commune, "name": name}
        )
    number = Unit.objects.select_for_update().filter(parent=commune, level=Unit.Level.VILLAGE).count() + 1
    while Unit.objects.filter(code=f"{commune.code}-{number:02d}").exists():
        number += 1
    code = f"{commune.code}-{number:02d}"
    kind = Unit.Kind.RESIDENTIAL_GROUP if commune.kind == Unit.Kind.WARD else Unit.Kind.VILLAGE
    return Unit.objects.create(
        code=code,
        name=name,
        level=Unit.Level.VILLAGE,
        kind=kind,
        parent=commune,
        path=f"{commune.path}/{code}",
        valid_from=valid_from,
    )


# --- Officials ----------------------------------------------------------------------------------------
@transaction.atomic
def add_official(unit: Unit, *, by: User, **fields: Any) -> Official:
    """Add an official to a unit's staff list."""
    if not permissions.can_manage_officials(by, unit):
        raise PermissionDenied
    _check_office_belongs(unit, fields.get("office"))
    _check_login_link(unit, fields.get("user"), by)
    official = Official.objects.create(unit=unit, **fields)
    audit.record(AuditEvent.Action.CREATE, official, by=by)
    return official


@transaction.atomic
def update_official(official: Official, *, by: User, **fields: Any) -> Official:
    """Change an official's details; the audit log keeps the old and new values."""
    official = Official.objects.select_for_update().get(pk=official.pk)
    if not permissions.can_manage_officials(by, official.unit):
        raise PermissionDenied
    _check_office_belongs(official.unit, fields.get("office", official.office))
    if "user" in fields and fields["user"] is not None and fields["user"].pk != official.user_id:
        _check_login_link(official.unit, fields["user"], by)
    unknown = set(fields) - set(OFFICIAL_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    before = {name: getattr(official, name) for name in fields}
    for name, value in fields.items():
        setattr(official, name, value)
    official.save(update_fields=[*fields, "updated_at"])
    audit.record(
        AuditEvent.Action.UPDATE, official, by=by, changes=audit.diff(official, before, list(fields))
    )
    return official


def reveal_official_phone(official: Official, *, by: User) -> str:
    """Return an official's phone to a colleague allowed to read it, auditing reads of unpublished ones."""
    if not permissions.can_view_private_phone(by, official):
        raise PermissionDenied
    if not official.is_phone_published:
        audit.record(AuditEvent.Action.VIEW, official, by=by, changes={"field": "phone"})
    return official.phone


def _check_login_link(unit: Unit, user: User | None, by: User) -> None:
    """Linking a login to an official makes it the assignee of the official's cases, who reads the senders'
    identities (feedback's `is_assignee`): like giving a role that reads them, only an approver may."""
    if user is not None and not permissions.can_approve_access(by, unit):
        raise ValidationError(
            _(
                "Only a leader of the commune may link a login to an official: that login would read the "
                "identities of the cases assigned to the official."
            )
        )


def _check_office_belongs(unit: Unit, office: Any) -> None:
    if office is not None and office.unit_id != unit.pk:
        raise ValidationError(_("The office does not belong to this unit."))


# --- Memberships --------------------------------------------------------------------------------------
@transaction.atomic
def grant_role(user: User, *, unit: Unit, role: str, by: User) -> Membership | AccessApproval:
    """Give `user` a role in `unit` (and so in every unit below it).

    A role that reads identities (`permissions.role_reads_identities`) given by someone who may not approve
    it is not given yet: the request waits for a leader of the unit or an administrator of the province
    (`decide_access_approval`), and this returns that pending AccessApproval.
    """
    if not permissions.can_manage_memberships(by, unit):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError(_("Unknown role: %(role)s") % {"role": role})
    if not permissions.role_fits_unit(role, unit.level):
        raise ValidationError(_("A village head is given a village; every other role a commune or above."))
    if permissions.needs_access_approval(by, unit, [role]):
        return _ask_approval(AccessApproval.Kind.GRANT_ROLE, user, unit=unit, role=role, by=by)
    if permissions.role_reads_identities(role):
        _record_own_decision(AccessApproval.Kind.GRANT_ROLE, user, unit=unit, role=role, by=by)
    return _activate_membership(user, unit=unit, role=role, by=by)


def _activate_membership(user: User, *, unit: Unit, role: str, by: User) -> Membership:
    membership, created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active", "updated_at"])
    audit.record(AuditEvent.Action.CREATE, membership, by=by, changes={"role": role})
    forget_memberships(user)
    return membership


def _ask_approval(kind: str, user: User, *, unit: Unit, role: str, by: User) -> AccessApproval:
    approval, created = AccessApproval.objects.get_or_create(
        kind=kind,
        user=user,
        unit=unit,
        role=role,
        status=AccessApproval.Status.PENDING,
        defaults={"requested_by": by if getattr(by, "is_authenticated", False) else None},
    )
    if created:
        changes = {"kind": kind, "user": user.username, "role": role, "unit": unit.code}
        audit.record(AuditEvent.Action.CREATE, approval, by=by, changes=changes)
    return approval


def _record_own_decision(kind: str, user: User, *, unit: Unit, role: str, by: User | None) -> AccessApproval:
    """Keep an approver's own grant or reset among the decisions its commune's leaders are shown."""
    actor = by if getattr(by, "is_authenticated", False) else None
    approval = AccessApproval.objects.create(
        kind=kind,
        user=user,
        unit=unit,
        role=role,
        status=AccessApproval.Status.APPROVED,
        requested_by=actor,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    changes = {
        "kind": kind,
        "user": user.username,
        "role": role,
        "unit": unit.code,
        "status": approval.status,
    }
    audit.record(AuditEvent.Action.CREATE, approval, by=by, changes=changes)
    return approval


@transaction.atomic
def withdraw_role(membership: Membership, *, by: User) -> Membership:
    """Withdraw a role; the row stays, closed, for the audit trail. The user's sessions and API keys end."""
    membership = Membership.objects.select_for_update().select_related("unit", "user").get(pk=membership.pk)
    if not permissions.can_manage_memberships(by, membership.unit):
        raise PermissionDenied
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
    audit.record(AuditEvent.Action.UPDATE, membership, by=by, changes={"is_active": [True, False]})
    forget_memberships(membership.user)
    revoke_access(membership.user, by=by, reason="role_withdrawn")
    return membership


@transaction.atomic
def decide_access_approval(approval: AccessApproval, *, by: User, approve: bool) -> str | None:
    """Approve or refuse a pending request; on approval, do what was asked.

    Approving gives the account a fresh one-time password, returned here to be shown to the approver only:
    the administrator who asked never learns a password of an account that reads identities. A role
    granted this way also drops the account's authenticator, to be set up again by its real holder.
    """
    approval = AccessApproval.objects.select_for_update().select_related("unit", "user").get(pk=approval.pk)
    if not permissions.can_approve_access(by, approval.unit):
        raise PermissionDenied
    if approval.status != AccessApproval.Status.PENDING:
        raise ValidationError(_("This request was already decided."))
    old = approval.status
    approval.status = AccessApproval.Status.APPROVED if approve else AccessApproval.Status.REFUSED
    approval.decided_by, approval.decided_at = by, timezone.now()
    approval.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit.record(AuditEvent.Action.UPDATE, approval, by=by, changes={"status": [old, approval.status]})
    if not approve:
        return None
    user = approval.user
    if approval.kind == AccessApproval.Kind.GRANT_ROLE:
        _activate_membership(user, unit=approval.unit, role=approval.role, by=by)
        TOTPDevice.objects.filter(user=user).delete()
    return _issue_one_time_password(user, by=by)


def revoke_access(user: User, *, by: User | None, reason: str) -> int:
    """End every session of the user and withdraw every API key; return how many keys were withdrawn.

    Sessions end whatever the store: raising `session_stamp` changes the hash Django checks on each
    request (`User._get_session_auth_hash`); the stored sessions are also deleted.
    """
    withdrawn = ApiToken.objects.filter(user=user, is_active=True).update(is_active=False)
    User.objects.filter(pk=user.pk).update(session_stamp=F("session_stamp") + 1)
    forget_cached_keys()
    user.refresh_from_db(fields=["session_stamp"])
    _delete_sessions(user)
    audit.record(
        AuditEvent.Action.UPDATE,
        user,
        by=by,
        changes={"access_revoked": reason, "api_keys_withdrawn": withdrawn},
    )
    return withdrawn


def _delete_sessions(user: User) -> None:
    database = router.db_for_write(Session)
    for session in Session.objects.using(database).filter(expire_date__gt=timezone.now()).iterator():
        # get_decoded() answers {} for a session it cannot read (signed with an old key).
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk):
            session.delete()


# --- Two-factor login (TOTP) --------------------------------------------------------------------------
def pending_totp_device(user: User) -> TOTPDevice:
    """Return the user's unconfirmed authenticator device, creating it the first time."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def totp_secret(device: TOTPDevice) -> str:
    """Return the device key as base32, for typing into an authenticator app by hand."""
    return base64.b32encode(device.bin_key).decode("ascii")


def totp_qr_svg(device: TOTPDevice) -> str:
    """Return an SVG data URI of the device's otpauth:// link, for scanning with a phone."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5)


@transaction.atomic
def confirm_totp_device(request: AuthenticatedRequest, device: TOTPDevice, *, token: str) -> bool:
    """Confirm a new authenticator with a first valid code, and mark this login as verified."""
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    audit.record(AuditEvent.Action.OTP, request.user, by=request.user, changes={"device": "confirmed"})
    return True


def verify_totp(request: AuthenticatedRequest, *, token: str) -> bool:
    """Check a code against the user's confirmed devices and mark this login as verified."""
    device = match_token(request.user, token)
    if device is None:
        audit.record(
            AuditEvent.Action.LOGIN_FAILED, request.user, by=request.user, changes={"second_factor": True}
        )
        return False
    otp_login(request, device)
    return True


# --- Accounts made by an administrator ----------------------------------------------------------------
@transaction.atomic
def create_account(
    *, by: User, unit: Unit, role: str, username: str, full_name: str, email: str = ""
) -> tuple[Any, str | None]:
    """Create a login with a role in `unit`; return it with a one-time password to hand over.

    For a role that reads identities the administrator gets no password: the account waits, unusable, for
    a leader's approval, and the approver gets the password (`decide_access_approval`).
    """
    if not permissions.can_manage_memberships(by, unit):
        raise PermissionDenied
    if role not in Role.values:
        raise ValidationError(_("Unknown role: %(role)s") % {"role": role})
    if not permissions.role_fits_unit(role, unit.level):
        raise ValidationError(_("A village head is given a village; every other role a commune or above."))
    username = username.strip().lower()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("The username %(username)s is already taken.") % {"username": username})
    waits = permissions.needs_access_approval(by, unit, [role])
    password = None if waits else secrets.token_urlsafe(9)
    user = User.objects.create_user(
        username=username, password=password, full_name=full_name.strip(), email=email
    )
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    audit.record(AuditEvent.Action.CREATE, user, by=by, changes={"unit": unit.code, "role": role})
    grant_role(user, unit=unit, role=role, by=by)
    return user, password


@transaction.atomic
def reset_password(user: User, *, by: User | None) -> str | AccessApproval:
    """Give a user a new one-time password, to be changed at the next login; sessions and API keys end.

    Only an administrator of one of the user's units may. When the account holds a role that reads
    identities and `by` may not approve that, the reset waits for an approver: the pending AccessApproval
    is returned instead of a password. `by=None` is the server's console (`thanthien demo`).
    """
    memberships = list(user.memberships.filter(is_active=True).select_related("unit"))
    if by is not None:
        units = [membership.unit for membership in user.memberships.select_related("unit")]
        if not units or not any(permissions.can_manage_memberships(by, unit) for unit in units):
            raise PermissionDenied
        for membership in memberships:
            if permissions.needs_access_approval(by, membership.unit, [membership.role]):
                return _ask_approval(
                    AccessApproval.Kind.RESET_PASSWORD,
                    user,
                    unit=membership.unit,
                    role=membership.role,
                    by=by,
                )
    for membership in memberships:
        if permissions.role_reads_identities(membership.role):
            _record_own_decision(
                AccessApproval.Kind.RESET_PASSWORD, user, unit=membership.unit, role=membership.role, by=by
            )
    return _issue_one_time_password(user, by=by)


def _issue_one_time_password(user: User, *, by: User | None) -> str:
    password = secrets.token_urlsafe(9)
    user.set_password(password)
    user.save(update_fields=["password"])
    require_password_change(user, by=by)
    return password


@transaction.atomic
def require_password_change(user: User, *, by: User | None) -> None:
    """After someone else set the user's password: it must be changed at the next login; sessions and
    API keys end. Used by every reset (here, the Django admin's password form, `thanthien demo`)."""
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    audit.record(AuditEvent.Action.UPDATE, user, by=by, changes={"password": "reset"})
    revoke_access(user, by=by, reason="password_reset")


@transaction.atomic
def record_password_changed(user: User) -> None:
    """Note that the user chose their own password: the app opens again after a one-time password."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
    audit.record(AuditEvent.Action.UPDATE, user, by=user, changes={"password": "changed"})
