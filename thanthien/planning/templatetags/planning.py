"""Template tags other apps' pages use to show planning records without importing the app."""

from typing import Any

from django import template
from django.utils import timezone

from thanthien.planning import permissions, queries, services
from thanthien.planning.models import SupervisionOpinion, Violation
from thanthien.units.models import Unit
from thanthien.units.permissions import home_units

register = template.Library()


@register.simple_tag(takes_context=True)
def violation_for_alert(context: dict[str, Any], alert: Any) -> Violation | None:
    """Return the violation recorded from this rating alert, when the reader may see it."""
    user = context["request"].user
    return permissions.visible_violations(user).filter(rating_alert=alert).select_related("official").first()


@register.inclusion_tag("planning/_desk_officials.html")
def desk_officials(commune: Any) -> dict[str, Any]:
    """The one-stop desk's officials with their badge number and photo (seed 001: officials wear a badge)."""
    return {"officials": queries.desk_officials(commune)}


@register.inclusion_tag("planning/_conduct_code.html")
def conduct_code(commune: Any) -> dict[str, Any]:
    """The conduct code the commune's officials follow today, by group ("4 xin", "4 luôn", "5 không"…), for
    the public home: citizens may hold the officials to it."""
    code = services.code_in_force(commune, timezone.localdate())
    groups: dict[str, list[str]] = {}
    for rule in code.rules.all() if code else []:
        groups.setdefault(rule.group, []).append(rule.text)
    return {"code": code, "groups": groups}


@register.inclusion_tag("planning/_desk_officials.html", takes_context=True)
def my_desk_officials(context: dict[str, Any]) -> dict[str, Any]:
    """The desk officials of the user's own commune, for the desk page."""
    commune = home_units(context["request"].user).filter(level=Unit.Level.COMMUNE).order_by("path").first()
    return {"officials": queries.desk_officials(commune) if commune else []}


@register.inclusion_tag("planning/_opinions.html", takes_context=True)
def supervision_opinions(context: dict[str, Any], item: Any, kind: str) -> dict[str, Any]:
    """The Front's opinions on a petition (kind "feedback") or a dialogue commitment ("commitment"),
    with the link to add one for those who supervise the commune."""
    user = context["request"].user
    field, commune = (
        ("feedback_item", item.unit) if kind == "feedback" else ("dialogue_commitment", item.dialogue.commune)
    )
    opinions = SupervisionOpinion.objects.filter(**{field: item}).select_related("given_by")
    return {
        "opinions": opinions,
        "item": item,
        "kind": kind,
        "can_give": permissions.can_record_supervision(user, commune),
    }
