"""The demo commune with a day's work, a provincial reviewer and a village head: the people of the menu tests.

Each role's expected menu is written out here, once, for the page test and the browser test alike.
"""

from django.core.management import call_command

from thanthien.browser import demo_logins
from thanthien.units.models import Membership, Role, Unit, User

PASSWORD = "mật-khẩu-thử-1"

# What each demo login sees in its menu (units.permissions.can_use_screen), in the menu's order.
LEADER_MENU = [
    "today",
    "desk",
    "supervision",
    "tasks",
    "feedback",
    "reception",
    "letters",
    "households",
    "procedures",
    "satisfaction",
    "surveys",
    "disclosure",
    "reports",
    "assessment",
    "communes",
    "approvals",
]
EXPECTED_MENUS = {
    "chutich": LEADER_MENU,
    "bithu": LEADER_MENU,
    "mttq": ["supervision", "tasks", "feedback", "reception", "satisfaction", "surveys", "communes"],
    "motcua": [
        "desk",
        "tasks",
        "feedback",
        "reception",
        "letters",
        "households",
        "procedures",
        "satisfaction",
        "surveys",
        "disclosure",
        "assessment",
        "communes",
    ],
    "quantri": [
        "today",
        "desk",
        "supervision",
        "tasks",
        "feedback",
        "reception",
        "letters",
        "procedures",
        "satisfaction",
        "surveys",
        "disclosure",
        "reports",
        "assessment",
        "communes",
        "accounts",
        "approvals",
        "settings",
        "audit",
    ],
    # Not demo logins: a reviewer of the province and the head of a village of the demo commune.
    "thamdinh": [
        "today",
        "feedback",
        "reception",
        "satisfaction",
        "reports",
        "ranking",
        "assessment",
        "communes",
    ],
    "truongthon": ["village", "devices"],
}
# Where each lands after login (the path "/" sends it to).
LANDINGS = {
    "chutich": "/",
    "bithu": "/",
    "quantri": "/",
    "thamdinh": "/",
    "motcua": "/dossiers/",
    "mttq": "/planning/",
    "truongthon": "/village/",
}

# The page whose menu is read: the landing page, but the village app is a phone app without the menu.
MENU_PAGES = {**LANDINGS, "truongthon": "/devices/"}


def demo_people() -> dict[str, str]:
    """Create the demo commune with its day of work, a reviewer and a village head; {username: password}."""
    logins = demo_logins()
    for command in ("demo_dossiers", "demo_ratings", "demo_reception", "demo_letters"):
        call_command(command)
    province = Unit.objects.get(code="38")
    reviewer = User.objects.create_user(username="thamdinh", password=PASSWORD, full_name="Phạm Thẩm Định")
    Membership.objects.create(user=reviewer, unit=province, role=Role.REVIEWER)
    village = Unit.objects.filter(level=Unit.Level.VILLAGE, path__startswith=province.path + "/").first()
    assert village is not None
    head = User.objects.create_user(username="truongthon", password=PASSWORD, full_name="Lê Văn Thôn")
    Membership.objects.create(user=head, unit=village, role=Role.VILLAGE_HEAD)
    return {**logins, "thamdinh": PASSWORD, "truongthon": PASSWORD}
