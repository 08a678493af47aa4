"""Navigation for the back office: the screens the user's roles use (units.permissions decides which)."""

from typing import Any, NamedTuple

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise, SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from thanthien.units import permissions
from thanthien.units.models import Role, User


class Screen(NamedTuple):
    key: str  # as units.permissions.can_use_screen knows it
    url_name: str
    label: str | Promise


# In the menu's order. A screen's `key` is what the permissions module decides on; the template only lists.
SCREENS = [
    Screen("today", "home", _("Today")),
    Screen("village", "devices:village_app", _("Village intake")),
    Screen("desk", "dossiers:today", _("One-stop desk")),
    Screen("supervision", "planning:home", _("Plans and supervision")),
    Screen("tasks", "planning:task_list", _("My tasks")),
    Screen("feedback", "feedback:list", _("Feedback")),
    Screen("reception", "reception:reception_home", _("Citizen reception")),
    Screen("letters", "letters:queue", _("Letters")),
    Screen("households", "households:list", _("Households")),
    Screen("procedures", "procedures:list", _("Procedures")),
    Screen("satisfaction", "reports:satisfaction", _("Satisfaction")),
    Screen("surveys", "ratings:campaign_list", _("Surveys")),
    Screen("disclosure", "disclosure:calendar", _("Public disclosure")),
    Screen("reports", "reports:report_list", _("Reports")),
    Screen("ranking", "reports:ranking", _("Ranking")),
    Screen("national", "reports:national", _("The whole country")),
    Screen("assessment", "assessment:home", _("Self-assessment")),
    Screen("communes", "units:commune_list", _("Communes")),
    Screen("devices", "devices:list", _("Paired devices")),
    Screen("accounts", "units:membership_list", _("Accounts")),
    Screen("approvals", "units:approval_list", _("Approvals")),
    Screen("settings", "configuration:index", _("Settings")),
    Screen("audit", "units:audit_log", _("Audit log")),
    Screen("admin", "admin:index", _("Administration")),
]
SCREEN_URL_NAMES = {screen.key: screen.url_name for screen in SCREENS}


def screen_url(key: str) -> str:
    return reverse(SCREEN_URL_NAMES[key])


def menu_items(user: User) -> list[dict[str, Any]]:
    """The menu of `user`: each screen it may use, with its address, label and key."""
    return [
        {"url": reverse(screen.url_name), "label": screen.label, "key": screen.key}
        for screen in SCREENS
        if permissions.can_use_screen(user, screen.key)
    ]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""

    def items() -> list[dict[str, Any]]:
        found = menu_items(user)
        for item in found:
            item["current"] = SCREEN_URL_NAMES[item["key"]] == current
        return found

    # Lazy: a fragment HTMX swaps in (the procedure picker) has no menu and costs no query for it.
    return {
        "nav_items": SimpleLazyObject(items),
        "user_roles": [Role(role).label for role in sorted(permissions.roles_of(user))],
    }
