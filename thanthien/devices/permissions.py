"""Who pairs a device to a unit, who sees the paired devices and who revokes them."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from thanthien.core.scoping import has_role_at, unit_scope
from thanthien.devices.models import DeviceKey
from thanthien.feedback.permissions import VILLAGE_HEADS
from thanthien.ratings.permissions import RECORDERS
from thanthien.units.models import Unit, User
from thanthien.units.permissions import acts_for_commune, communes_with_role

# Those who may record the commune's ratings pair its kiosk; with the leaders and administrators they see
# and revoke the commune's devices (the village phones under it too).
KIOSK_PAIRERS = RECORDERS
DEVICE_MANAGERS = RECORDERS


def can_pair_kiosk(user: User, commune: Unit) -> bool:
    """The commune's desk officers, leaders and administrators pair a tablet as its kiosk."""
    return acts_for_commune(user, commune, KIOSK_PAIRERS)


def kiosk_communes(user: User) -> QuerySet[Unit]:
    """Return the communes whose kiosk the user may pair."""
    return communes_with_role(user, KIOSK_PAIRERS).filter(valid_to__isnull=True).order_by("name")


def can_pair_village_phone(user: User, village: Unit) -> bool:
    """A village head pairs their own phone to their village, for themselves only."""
    return village.level == Unit.Level.VILLAGE and has_role_at(user, village.path, VILLAGE_HEADS)


def headed_villages(user: User) -> QuerySet[Unit]:
    """Return the villages the user heads."""
    return Unit.objects.filter(
        unit_scope(user, "path", VILLAGE_HEADS), level=Unit.Level.VILLAGE, valid_to__isnull=True
    ).order_by("name")


def visible_device_keys(user: User) -> QuerySet[DeviceKey]:
    """Return the devices of the units the user manages, and a village head's own phones."""
    return DeviceKey.objects.filter(
        unit_scope(user, "unit__path", DEVICE_MANAGERS) | Q(user=user, user__isnull=False)
    )


def get_device_key_for_user(user: User, pk: int) -> DeviceKey:
    """Return a device the user may see; 404 for a missing one and for another unit's alike."""
    return get_object_or_404(visible_device_keys(user).select_related("unit", "user"), pk=pk)


def can_revoke_device_key(user: User, device: DeviceKey) -> bool:
    """The commune's managers revoke any of its devices; a village head their own phone."""
    if device.user_id is not None and device.user_id == getattr(user, "pk", None):
        return True
    return has_role_at(user, device.unit.path, DEVICE_MANAGERS)
