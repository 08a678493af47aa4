"""Dialogue conferences: planning one, recording it held, the issues raised and the commitments made there,
and sending an issue to feedback."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thanthien.core import audit, idempotency
from thanthien.feedback.models import FeedbackItem
from thanthien.reception import permissions
from thanthien.reception.models import Dialogue, DialogueCommitment, DialogueIssue
from thanthien.reception.services._common import Create, Update, check_official, check_village, raise_feedback
from thanthien.units.models import Office, Official, Unit, User


def schedule_dialogue(
    commune: Unit,
    *,
    by: User,
    level: str,
    title: str,
    planned_on: date,
    place: str,
    chaired_by: Official,
    village: Unit | None = None,
    offices: Iterable[Office] = (),
    villages: Iterable[Unit] = (),
    client_key: str = "",
) -> Dialogue:
    """Plan a dialogue conference of the commune, or of one of its villages. With `client_key` (the form's
    hidden key), the same form sent twice plans one conference."""
    if not permissions.can_keep_dialogues(by, commune):
        raise PermissionDenied
    check_official(chaired_by, commune)
    if level not in Dialogue.Level.values:
        raise ValidationError(_("Unknown level."), code="level")
    if (level == Dialogue.Level.VILLAGE) != (village is not None):
        raise ValidationError(
            _("A village conference names its village; a commune one does not."), code="village"
        )
    offices, villages = list(offices), list(villages)
    for participant in [village, *villages]:
        check_village(participant, commune)
    if any(office.unit_id != commune.pk for office in offices):
        raise ValidationError(_("The organisation is not of this commune."), code="office")
    if not title.strip() or not place.strip():
        raise ValidationError(_("Give the subject and the place."), code="title")

    @transaction.atomic
    def create() -> Dialogue:
        dialogue = Dialogue.objects.create(
            commune=commune,
            level=level,
            village=village,
            title=title.strip(),
            planned_on=planned_on,
            place=place.strip(),
            chaired_by=chaired_by,
        )
        dialogue.offices.set(offices)
        dialogue.villages.set(villages)
        audit.record(Create, dialogue, by=by, changes={"level": level, "planned_on": str(planned_on)})
        return dialogue

    content = [commune, level, title, planned_on, place, chaired_by, village, offices, villages]
    return idempotency.create_once(
        "reception.dialogue", actor=by, client_key=client_key, content=content, create=create, model=Dialogue
    )


def _locked_dialogue(dialogue: Dialogue) -> Dialogue:
    return Dialogue.objects.select_for_update(of=("self",)).select_related("commune").get(pk=dialogue.pk)


@transaction.atomic
def record_dialogue_held(
    dialogue: Dialogue,
    *,
    by: User,
    held_on: date,
    attendance: int | None = None,
    other_participants: str = "",
    summary: str = "",
) -> Dialogue:
    """Record that the conference was held: the day, who came, and the summary of its minutes."""
    dialogue = _locked_dialogue(dialogue)
    if not permissions.can_keep_dialogues(by, dialogue.commune):
        raise PermissionDenied
    if dialogue.status == Dialogue.Status.CANCELLED:
        raise ValidationError(_("The conference was cancelled."), code="status")
    if held_on > timezone.localdate():
        raise ValidationError(_("A conference cannot be held in the future."), code="future")
    before = dialogue.status
    dialogue.status, dialogue.held_on, dialogue.attendance = Dialogue.Status.HELD, held_on, attendance
    dialogue.other_participants, dialogue.summary = other_participants.strip(), summary.strip()
    dialogue.save(
        update_fields=["status", "held_on", "attendance", "other_participants", "summary", "updated_at"]
    )
    audit.record(Update, dialogue, by=by, changes={"status": [before, "held"], "held_on": str(held_on)})
    return dialogue


@transaction.atomic
def add_dialogue_issue(
    dialogue: Dialogue,
    *,
    by: User,
    raised_by: str,
    content: str,
    answer: str = "",
    answered_by: Official | None = None,
) -> DialogueIssue:
    """Record an issue raised at the conference, and the answer given there if any."""
    dialogue = _locked_dialogue(dialogue)
    if not permissions.can_keep_dialogues(by, dialogue.commune):
        raise PermissionDenied
    if not content.strip() or not raised_by.strip():
        raise ValidationError(_("Write the issue and who raised it."), code="content")
    if answered_by is not None:
        check_official(answered_by, dialogue.commune)
    issue = DialogueIssue.objects.create(
        dialogue=dialogue,
        raised_by=raised_by.strip()[:200],
        content=content.strip(),
        answer=answer.strip(),
        answered_by=answered_by,
    )
    audit.record(Create, issue, by=by, object_repr=str(dialogue), changes={"dialogue": dialogue.pk})
    return issue


@transaction.atomic
def add_dialogue_commitment(
    dialogue: Dialogue,
    *,
    by: User,
    content: str,
    owner: Official,
    due_on: date,
    issue: DialogueIssue | None = None,
) -> DialogueCommitment:
    """Record what the commune took on at the conference, with its owner and due date."""
    dialogue = _locked_dialogue(dialogue)
    if not permissions.can_keep_dialogues(by, dialogue.commune):
        raise PermissionDenied
    check_official(owner, dialogue.commune)
    if issue is not None and issue.dialogue_id != dialogue.pk:
        raise ValidationError(_("The issue was raised at another conference."), code="issue")
    if not content.strip():
        raise ValidationError(_("Write the commitment."), code="content")
    if due_on < dialogue.day:
        raise ValidationError(_("The due date cannot be before the conference."), code="due")
    commitment = DialogueCommitment.objects.create(
        dialogue=dialogue, issue=issue, content=content.strip(), owner=owner, due_on=due_on
    )
    audit.record(Create, commitment, by=by, object_repr=str(dialogue), changes={"due_on": str(due_on)})
    return commitment


@transaction.atomic
def complete_commitment(
    commitment: DialogueCommitment, *, by: User, result: str, done_on: date | None = None
) -> DialogueCommitment:
    """Mark a commitment done, with what was done; its owner or the dialogue's keepers may."""
    commitment = (
        DialogueCommitment.objects.select_for_update(of=("self",))
        .select_related("dialogue__commune", "owner")
        .get(pk=commitment.pk)
    )
    if not permissions.can_complete_commitment(by, commitment):
        raise PermissionDenied
    if commitment.status == DialogueCommitment.Status.DONE:
        raise ValidationError(_("The commitment is already done."), code="status")
    if not result.strip():
        raise ValidationError(_("Write what was done."), code="result")
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError(_("A commitment cannot be done in the future."), code="future")
    commitment.status, commitment.done_on, commitment.result = (
        DialogueCommitment.Status.DONE,
        done_on,
        result.strip(),
    )
    commitment.save(update_fields=["status", "done_on", "result", "updated_at"])
    audit.record(
        Update,
        commitment,
        by=by,
        object_repr=str(commitment.dialogue),
        changes={"status": ["open", "done"], "done_on": str(done_on)},
    )
    return commitment


@transaction.atomic
def send_dialogue_issue_to_feedback(
    issue: DialogueIssue, *, by: User, kind: str = FeedbackItem.Kind.RECOMMENDATION, topic: str = "other"
) -> FeedbackItem:
    """Make an issue raised at a conference a feedback item (channel: dialogue), once."""
    issue = (
        DialogueIssue.objects.select_for_update(of=("self",))
        .select_related("dialogue__commune")
        .get(pk=issue.pk)
    )
    dialogue = issue.dialogue
    if not permissions.can_keep_dialogues(by, dialogue.commune):
        raise PermissionDenied
    if issue.feedback_item_id is not None:
        return FeedbackItem.objects.get(pk=issue.feedback_item_id)
    item = raise_feedback(
        dialogue.commune,
        by=by,
        channel=FeedbackItem.Channel.DIALOGUE,
        kind=kind,
        topic=topic,
        content=issue.content,
        day=dialogue.day,
        village=dialogue.village,
    )
    issue.feedback_item = item
    issue.save(update_fields=["feedback_item", "updated_at"])
    audit.record(Update, issue, by=by, object_repr=str(dialogue), changes={"feedback": item.tracking_code})
    return item
