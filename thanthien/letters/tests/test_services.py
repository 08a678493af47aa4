"""Drafting once per event, issuing with register numbers, cancelling, the sweep, the counts."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from conftest import make_person, make_unit
from thanthien.core.models import AuditEvent
from thanthien.dossiers import services as dossier_services
from thanthien.dossiers.models import Dossier
from thanthien.dossiers.tests.factories import make_procedure
from thanthien.letters import queries, services
from thanthien.letters.kinds import TemplateKind
from thanthien.letters.models import Letter
from thanthien.letters.tests.factories import birth_procedure, ready_dossier, thanks_draft
from thanthien.notifications.models import Notification
from thanthien.procedures.models import Procedure
from thanthien.units.models import Household, Role

DAY = date(2026, 12, 1)


# --- Triggers -------------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_birth_registration_whose_result_is_ready_drafts_one_congratulation_letter(commune, officer):
    dossier = ready_dossier(commune, officer)

    letter = Letter.objects.get(dossier=dossier)
    assert (letter.kind, letter.status, letter.recipient_name) == (
        "congratulations_birth",
        "draft",
        "Nguyễn Thị Ánh",
    )
    assert letter.source_key == f"dossier:{dossier.pk}:congratulations_birth"
    assert letter.fields["event_date"] == timezone.localdate().strftime("%d/%m/%Y")
    assert letter.register_number is None and not letter.has_sms_consent


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("result_kind", "letter_kind"),
    [(Procedure.ResultKind.MARRIAGE, "congratulations_marriage"), (Procedure.ResultKind.DEATH, "condolence")],
)
def test_marriage_and_death_registrations_draft_their_letters(commune, officer, result_kind, letter_kind):
    procedure = make_procedure("TEST-HT", "Đăng ký hộ tịch", "1", result_kind=result_kind)

    dossier = ready_dossier(commune, officer, procedure=procedure)

    assert list(dossier.letters.values_list("kind", flat=True)) == [letter_kind]


@pytest.mark.django_db
def test_other_procedures_draft_no_letter(commune, officer):
    procedure = make_procedure("TEST-CT", "Chứng thực bản sao", "1")

    ready_dossier(commune, officer, procedure=procedure)

    assert not Letter.objects.exists()


@pytest.mark.django_db
def test_the_trigger_run_twice_drafts_one_letter(commune, officer):
    dossier = ready_dossier(commune, officer)

    again = services.draft_letter_for_dossier(dossier)

    assert Letter.objects.count() == 1 and again == Letter.objects.get()


@pytest.mark.django_db
def test_the_sweep_drafts_what_a_crash_left_out_and_nothing_when_run_again(commune, officer):
    done = [ready_dossier(commune, officer, name=f"Người {n}") for n in range(3)]
    Letter.objects.filter(dossier__in=done[1:]).delete()  # as if the worker died before these were drafted

    first = services.sweep_letters()
    second = services.sweep_letters()

    assert sorted(letter.dossier_id for letter in first) == sorted(d.pk for d in done[1:])
    assert second == []
    assert Letter.objects.count() == 3


@pytest.mark.django_db
def test_the_sweep_leaves_cancelled_letters_imported_and_old_dossiers_alone(commune, officer, leader):
    cancelled, imported, old = (ready_dossier(commune, officer, name=f"Người {n}") for n in range(3))
    services.cancel_letters([cancelled.letters.get()], by=leader, reason="Gia đình không muốn nhận")
    Letter.objects.filter(dossier__in=[imported, old]).delete()
    Dossier.objects.filter(pk=imported.pk).update(is_imported=True)
    Dossier.objects.filter(pk=old.pk).update(ready_at=timezone.now() - timedelta(days=45))

    assert services.sweep_letters() == []


@pytest.mark.django_db
def test_issuing_an_apology_slip_drafts_its_apology_letter_once(commune, officer):
    dossier = dossier_services.receive_dossier(
        commune, procedure=birth_procedure(), applicant_name="Trần Văn Hùng", by=officer
    )
    calendar_day = dossier.due_on + timedelta(days=14)
    while calendar_day.weekday() >= 5:
        calendar_day += timedelta(days=1)
    today = dossier.due_on - timedelta(days=7)

    slip = dossier_services.postpone_dossier(
        dossier, by=officer, reason="cần xác minh thêm", new_due_date=calendar_day, today=today
    )
    services.sweep_letters()

    letter = Letter.objects.get(postponement=slip)
    assert letter.kind == "apology" and letter.dossier == dossier
    assert letter.fields["dossier_code"] == dossier.code
    assert letter.fields["new_due_date"] == calendar_day.strftime("%d/%m/%Y")
    assert letter.fields["reason"] == "cần xác minh thêm"


@pytest.mark.django_db
def test_draft_letter_refuses_unknown_fields_kinds_and_a_missing_name(commune):
    with pytest.raises(ValidationError):
        thanks_draft(commune, name=" ")
    with pytest.raises(ValidationError):
        services.draft_letter(commune, kind="receipt", source_key="x:1", recipient_name="An")
    with pytest.raises(ValidationError):
        services.draft_letter(
            commune, kind="thanks", source_key="x:2", recipient_name="An", fields={"so_tien": "1"}
        )
    assert not Letter.objects.exists()


@pytest.mark.django_db
def test_a_person_drafting_needs_a_role_in_the_commune(commune, outsider_officer):
    with pytest.raises(PermissionDenied):
        thanks_draft(commune, by=outsider_officer)


@pytest.mark.django_db
def test_new_year_letters_go_to_every_household_of_the_village_once_a_year(commune, officer):
    village = make_unit("38-hc-01", "Thôn 1", "village", commune)
    Household.objects.create(village=village, head_name="Nguyễn Văn Một", address="Xóm Đông")
    Household.objects.create(
        village=village, head_name="Lê Thị Hai", phone="0912000222", has_sms_consent=True
    )
    Household.objects.create(village=village, head_name="Đã chuyển đi", is_active=False)

    drafted = services.draft_new_year_letters(village, year=2027, by=officer)
    again = services.draft_new_year_letters(village, year=2027, by=officer)

    assert sorted(letter.recipient_name for letter in drafted) == ["Lê Thị Hai", "Nguyễn Văn Một"]
    assert again == drafted
    assert drafted[0].fields == {"year": "2027", "lunar_year": "Đinh Mùi"}
    assert {letter.recipient_address for letter in drafted} == {"Xóm Đông", "Thôn 1"}
    assert Letter.objects.filter(kind="new_year").count() == 2


# --- Issuing and the register ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_issued_letters_are_numbered_from_01_each_year_per_commune(commune, other_commune, leader):
    other_leader = make_person("chutich_khac", other_commune, Role.LEADER)
    first = services.issue_letters(
        [thanks_draft(commune, key=f"k:{n}") for n in range(2)], by=leader, today=date(2026, 12, 31)
    )
    elsewhere = services.issue_letter(thanks_draft(other_commune, key="k:x"), by=other_leader, today=DAY)
    new_year = services.issue_letter(thanks_draft(commune, key="k:9"), by=leader, today=date(2027, 1, 1))

    assert [(letter.year, letter.register_number) for letter in first] == [(2026, 1), (2026, 2)]
    assert (elsewhere.year, elsewhere.register_number) == (2026, 1)
    assert (new_year.year, new_year.register_number, new_year.issued_on) == (2027, 1, date(2027, 1, 1))
    assert first[0].signed_by == leader and first[0].signer_name == "Nguyễn Văn Chủ Tịch"
    assert first[0].symbol == "TCO-UBND" and first[0].template.is_default


@pytest.mark.django_db
def test_a_failed_batch_gives_back_its_numbers(commune, leader):
    good = thanks_draft(commune, key="k:1")
    done = services.issue_letter(thanks_draft(commune, key="k:2"), by=leader, today=DAY)

    with pytest.raises(ValidationError):
        services.issue_letters([good, done], by=leader, today=DAY)
    after = services.issue_letter(good, by=leader, today=DAY)

    assert (done.register_number, after.register_number) == (1, 2)


@pytest.mark.django_db
def test_only_a_leader_signs(commune, officer):
    draft = thanks_draft(commune)

    with pytest.raises(PermissionDenied):
        services.issue_letter(draft, by=officer)

    draft.refresh_from_db()
    assert draft.status == "draft" and draft.register_number is None


@pytest.mark.django_db
def test_a_citizen_who_agreed_gets_the_letter_by_sms_and_others_do_not(commune, leader):
    agreed = thanks_draft(commune, key="k:1", recipient_phone="0912000333", has_sms_consent=True)
    not_agreed = thanks_draft(commune, key="k:2", recipient_phone="0912000444")

    services.issue_letters([agreed, not_agreed], by=leader, today=DAY)

    message = Notification.objects.get()
    assert message.recipient == "0912000333" and message.dedupe_key == f"letter:{agreed.pk}:issued"
    assert "01/TCO-UBND" in message.body and "cảm ơn" in message.body


@pytest.mark.django_db
def test_a_cancelled_draft_takes_no_number_and_cannot_be_issued(commune, leader):
    draft = thanks_draft(commune)

    services.cancel_letters([draft], by=leader, reason="Trùng thư")

    with pytest.raises(ValidationError):
        services.issue_letter(draft, by=leader)
    draft.refresh_from_db()
    assert (draft.status, draft.register_number, draft.cancel_reason) == ("cancelled", None, "Trùng thư")
    assert AuditEvent.objects.filter(object_type="letters.Letter", changes__status="cancelled").exists()


@pytest.mark.django_db
def test_letter_counts_by_group_on_the_issue_date_within_the_units(commune, other_commune, officer, leader):
    other_leader = make_person("chutich_khac", other_commune, Role.LEADER)
    services.issue_letter(ready_dossier(commune, officer).letters.get(), by=leader, today=date(2026, 3, 2))
    services.issue_letter(thanks_draft(commune, key="k:1"), by=leader, today=date(2026, 3, 31))
    services.issue_letter(thanks_draft(commune, key="k:2"), by=leader, today=date(2026, 4, 1))
    services.issue_letter(thanks_draft(other_commune, key="k:3"), by=other_leader, today=date(2026, 3, 5))
    thanks_draft(commune, key="k:4")  # a draft never counts

    march = queries.letter_counts(commune, date(2026, 3, 1), date(2026, 3, 31))
    province = queries.letter_counts([commune.parent], date(2026, 1, 1), date(2026, 12, 31))

    assert march == {"apology": 0, "congratulations": 1, "condolence": 0, "thanks": 1, "new_year": 0}
    assert province["thanks"] == 3 and province["congratulations"] == 1


@pytest.mark.django_db
def test_a_letter_is_issued_with_the_communes_own_template_in_force(commune, leader):
    from thanthien.letters.builder import build_template

    own = services.upload_template(
        commune,
        kind=TemplateKind.THANKS,
        content=build_template(TemplateKind.THANKS),
        file_name="thu-cam-on.docx",
        valid_from=date(2026, 6, 1),
        legal_basis="Quyết định số 12/QĐ-UBND của UBND xã",
        symbol="tcơ-ubnd",
        by=leader,
    )

    before = services.issue_letter(thanks_draft(commune, key="k:1"), by=leader, today=date(2026, 5, 31))
    after = services.issue_letter(thanks_draft(commune, key="k:2"), by=leader, today=date(2026, 6, 1))

    assert before.template.is_default and before.symbol == "TCO-UBND"
    assert after.template == own and after.symbol == "TCƠ-UBND"


@pytest.mark.django_db
def test_a_draft_is_corrected_and_gets_the_citizens_consent_before_signing(commune, officer, leader):
    draft = ready_dossier(commune, officer).letters.get()

    services.change_draft(
        draft,
        by=officer,
        recipient_name="Nguyễn  Thị Ánh Dương",
        recipient_phone="+84 912 000 555",
        has_sms_consent=True,
    )
    issued = services.issue_letter(draft, by=leader)

    assert (issued.recipient_name, issued.recipient_phone) == ("Nguyễn Thị Ánh Dương", "0912000555")
    assert Notification.objects.filter(
        dedupe_key=f"letter:{draft.pk}:issued", recipient="0912000555"
    ).exists()
    with pytest.raises(ValidationError):
        services.change_draft(issued, by=officer, recipient_name="Khác")


@pytest.mark.django_db
def test_consent_without_a_phone_is_refused(commune, officer):
    draft = thanks_draft(commune)

    with pytest.raises(ValidationError):
        services.change_draft(draft, by=officer, recipient_name="Lê Văn Bảy", has_sms_consent=True)

    draft.refresh_from_db()
    assert not draft.has_sms_consent


@pytest.mark.django_db
def test_the_sweep_command_reports_what_it_drafted(commune, officer, capsys):
    ready_dossier(commune, officer)
    Letter.objects.all().delete()

    call_command("sweep_letters")
    call_command("sweep_letters")

    out = capsys.readouterr().out
    assert Letter.objects.count() == 1 and "Nguyễn Thị Ánh" in out
