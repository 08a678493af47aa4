"""Navigation for the back office, chosen by the user's roles."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thanthien.reception import permissions as reception_permissions
from thanthien.reports import permissions as reports_permissions
from thanthien.units import permissions
from thanthien.units.models import Role


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = permissions.roles_of(user)
    if roles and roles <= permissions.VILLAGE_ROLES and not user.is_superuser:
        # A village head works from the phone app and sees nothing of the commune's back office.
        items = [
            {"url": reverse("devices:village_app"), "label": _("Village intake"), "name": "village_app"},
            {"url": reverse("devices:list"), "label": _("Paired devices"), "name": "list"},
        ]
        return {"nav_items": items, "user_roles": [Role(role).label for role in sorted(roles)]}
    items = [{"url": reverse("home"), "label": _("Today"), "name": "home"}]
    items.append({"url": reverse("dossiers:today"), "label": _("One-stop desk"), "name": "today"})
    items.append({"url": reverse("feedback:list"), "label": _("Feedback"), "name": "feedback"})
    items.append({"url": reverse("procedures:list"), "label": _("Procedures"), "name": "procedures"})
    items.append({"url": reverse("letters:queue"), "label": _("Letters"), "name": "queue"})
    if roles & permissions.HOUSEHOLD_STORY_ROLES:
        items.append({"url": reverse("households:list"), "label": _("Households"), "name": "households"})
    items.append({"url": reverse("reports:satisfaction"), "label": _("Satisfaction"), "name": "satisfaction"})
    items.append({"url": reverse("ratings:campaign_list"), "label": _("Surveys"), "name": "campaign_list"})
    if reception_permissions.can_use_reception(user):
        reception = reverse("reception:reception_home")
        items.append({"url": reception, "label": _("Citizen reception"), "name": "reception_home"})
    items.append({"url": reverse("planning:task_list"), "label": _("My tasks"), "name": "task_list"})
    items.append({"url": reverse("disclosure:calendar"), "label": _("Public disclosure"), "name": "calendar"})
    items.append({"url": reverse("reports:report_list"), "label": _("Reports"), "name": "report_list"})
    items.append({"url": reverse("reports:ranking"), "label": _("Ranking"), "name": "ranking"})
    if reports_permissions.can_see_country(user):
        items.append(
            {"url": reverse("reports:national"), "label": _("The whole country"), "name": "national"}
        )
    items.append({"url": reverse("assessment:home"), "label": _("Self-assessment"), "name": "assessment"})
    items.append({"url": reverse("units:commune_list"), "label": _("Communes"), "name": "units"})
    if permissions.can_manage_accounts(user):
        items.append(
            {"url": reverse("units:membership_list"), "label": _("Accounts"), "name": "membership_list"}
        )
    if permissions.can_view_access_approvals(user):
        url = reverse("units:approval_list")
        items.append({"url": url, "label": _("Approvals"), "name": "approval_list"})
    if permissions.can_manage_settings(user):
        items.append({"url": reverse("configuration:index"), "label": _("Settings"), "name": "configuration"})
    if permissions.can_view_audit_log(user):
        items.append({"url": reverse("units:audit_log"), "label": _("Audit log"), "name": "audit"})
    if user.is_staff:
        items.append({"url": reverse("admin:index"), "label": _("Administration"), "name": "admin"})
    return {
        "nav_items": items,
        "user_roles": [Role(role).label for role in sorted(permissions.roles_of(user))],
    }
