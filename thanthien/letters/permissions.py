"""Who may see, draft, sign and cancel letters, and change a commune's templates; built on core.scoping."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from thanthien.core.scoping import has_role_at, unit_scope
from thanthien.letters.models import Letter, LetterTemplate, PrintJob
from thanthien.units.models import Role, Unit, User
from thanthien.units.permissions import acts_for_commune, communes_with_role

DRAFTERS = frozenset({Role.DESK_OFFICER, Role.LEADER, Role.ADMINISTRATOR})
SIGNERS = frozenset({Role.LEADER})
TEMPLATE_EDITORS = frozenset({Role.LEADER, Role.ADMINISTRATOR})


def visible_letters(user: User) -> QuerySet[Letter]:
    """Return the letters of the units the user belongs to, and below (any role reads)."""
    return Letter.objects.filter(unit_scope(user, "commune__path"))


def get_letter_for_user(user: User, pk: int) -> Letter:
    """Return the letter, or raise Http404 for 'missing' and 'not yours' alike."""
    return get_object_or_404(visible_letters(user).select_related("commune", "template"), pk=pk)


def can_draft_letter(user: User, commune: Unit) -> bool:
    """The commune's desk officers, leaders and administrators draft letters."""
    return acts_for_commune(user, commune, DRAFTERS)


def can_issue_letter(user: User, letter: Letter) -> bool:
    """Only a leader of the commune approves and signs a letter (and so numbers it)."""
    return has_role_at(user, letter.commune.path, SIGNERS)


def can_cancel_letter(user: User, letter: Letter) -> bool:
    """A leader drops a draft that should not be sent."""
    return has_role_at(user, letter.commune.path, SIGNERS)


def signing_communes(user: User) -> QuerySet[Unit]:
    """Return the communes where the user signs letters."""
    return communes_with_role(user, SIGNERS)


def drafting_communes(user: User) -> QuerySet[Unit]:
    """Return the communes where the user may draft letters (New Year batches)."""
    return communes_with_role(user, DRAFTERS)


def can_manage_templates(user: User, commune: Unit) -> bool:
    """Leaders and administrators upload their commune's own templates."""
    return acts_for_commune(user, commune, TEMPLATE_EDITORS)


def template_communes(user: User) -> QuerySet[Unit]:
    """Return the communes whose templates the user manages."""
    return communes_with_role(user, TEMPLATE_EDITORS)


def visible_templates(user: User) -> QuerySet[LetterTemplate]:
    """Return the default templates and those of the communes the user belongs to."""
    return LetterTemplate.objects.filter(Q(commune__isnull=True) | unit_scope(user, "commune__path"))


def get_template_for_user(user: User, pk: int) -> LetterTemplate:
    """Return a template the user may see, or raise Http404."""
    return get_object_or_404(visible_templates(user).select_related("commune"), pk=pk)


def get_print_job_for_user(user: User, pk: int) -> PrintJob:
    """Return a print job of the user's own asking, or raise Http404 (another's file is not theirs to see,
    even when they may read the same letters)."""
    return get_object_or_404(PrintJob.objects.filter(requested_by_id=user.pk), pk=pk)
