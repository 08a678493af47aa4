"""Template tags other apps' pages use to show planning records without importing the app."""

from typing import Any

from django import template

from thanthien.planning import permissions
from thanthien.planning.models import Violation

register = template.Library()


@register.simple_tag(takes_context=True)
def violation_for_alert(context: dict[str, Any], alert: Any) -> Violation | None:
    """Return the violation recorded from this rating alert, when the reader may see it."""
    user = context["request"].user
    return permissions.visible_violations(user).filter(rating_alert=alert).select_related("official").first()
