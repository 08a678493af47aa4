"""Demo letters for the demo commune (after `demo` and `demo_dossiers`): all made through the services.

Households for every village, the sweep's congratulation letters of the demo dossiers, a thank-you letter
signed by the chairman (so the register has a number), and next year's New Year letters for Thôn 1 waiting
in the leader's queue. Running it again changes nothing: every letter has its event key.
"""

from django.db import transaction
from django.utils import timezone

from thanthien.letters import services
from thanthien.letters.kinds import TemplateKind
from thanthien.letters.models import Letter
from thanthien.units.demo import create_demo_households
from thanthien.units.models import Unit, User

CHAIRMAN = "chutich"
DESK_OFFICER = "motcua"


@transaction.atomic
def create_demo_letters(commune: Unit) -> int:
    """Draft (and sign one of) the demo commune's letters; return how many letters it has now."""
    create_demo_households(commune)
    services.sweep_letters()
    chairman, officer = User.objects.get(username=CHAIRMAN), User.objects.get(username=DESK_OFFICER)
    thanks = services.draft_letter(
        commune,
        kind=TemplateKind.THANKS,
        source_key="demo:thanks:road",
        recipient_name="Hoàng Văn Tư",
        recipient_address="Thôn 3, xã Hoằng Cát",
        fields={"contribution": "góp ý và hiến đất mở rộng đường liên thôn"},
        event_label="Góp ý xây dựng nông thôn mới",
        by=officer,
    )
    if thanks.status == Letter.Status.DRAFT:
        services.issue_letter(thanks, by=chairman)
    village = commune.children.filter(level=Unit.Level.VILLAGE).order_by("code").first()
    if village is not None:
        services.draft_new_year_letters(village, year=timezone.localdate().year + 1, by=officer)
    return commune.letters.count()
