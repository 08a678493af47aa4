"""The survey pages: who opens which; the builder, quotas, fast paper entry, import, results, comparison."""

import pytest
from django.urls import reverse

from conftest import make_person
from thanthien.core.testing import xlsx_file
from thanthien.ratings import surveys
from thanthien.ratings.models import SurveyCampaign, SurveyResponse, VillageQuota
from thanthien.ratings.tests.factories import details, make_campaign, make_supervisor, make_villages
from thanthien.units.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(commune, leader):
    villages = make_villages(commune, 2)
    campaign = make_campaign(commune, leader)
    surveys.set_quotas(campaign, targets=dict.fromkeys(villages, 50), by=leader)
    return campaign


@pytest.mark.parametrize(
    ("who", "page", "status"),
    [
        ("leader", "campaign_results", 200),
        ("officer", "campaign_results", 200),
        ("reviewer", "campaign_results", 200),
        ("outsider_officer", "campaign_results", 404),
        ("leader", "campaign_edit", 200),
        ("officer", "campaign_edit", 403),
        ("reviewer", "campaign_edit", 403),
        ("outsider_officer", "campaign_edit", 404),
        ("leader", "campaign_quotas", 200),
        ("officer", "campaign_quotas", 403),
        ("leader", "phone_links", 200),
        ("officer", "phone_links", 403),
        ("officer", "slip_entry", 200),
        ("reviewer", "slip_entry", 403),
        ("outsider_officer", "slip_entry", 404),
        ("officer", "slip_import", 200),
        ("reviewer", "slip_import", 403),
        ("officer", "slip_template", 200),
    ],
)
def test_each_page_answers_each_role(client, request, campaign, who, page, status):
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse(f"ratings:{page}", kwargs={"pk": campaign.pk}))

    assert response.status_code == status


@pytest.mark.parametrize(("who", "status"), [("leader", 200), ("officer", 403), ("reviewer", 403)])
def test_only_those_who_run_campaigns_open_the_builder(client, request, who, status):
    client.force_login(request.getfixturevalue(who))

    assert client.get(reverse("ratings:campaign_create")).status_code == status


def test_the_list_shows_a_progress_bar_per_village_and_needs_a_login(client, campaign, officer):
    assert client.get(reverse("ratings:campaign_list")).status_code == 302
    client.force_login(officer)

    response = client.get(reverse("ratings:campaign_list"))

    html = response.content.decode()
    assert campaign.title in html
    assert html.count('<progress value="0" max="50"') == 2
    assert 'href="/ratings/surveys/"' in html  # the menu links to the surveys


def test_the_list_reads_a_fixed_number_of_queries_however_many_campaigns(
    client, campaign, commune, leader, django_assert_max_num_queries
):
    for number in range(3):
        more = make_campaign(commune, leader, title=f"Khảo sát định kỳ {number}")
        surveys.set_quotas(more, targets={campaign.quotas.first().village: 10}, by=leader)
    client.force_login(leader)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("ratings:campaign_list"))

    assert len(response.context["campaigns"]) == 4


def test_the_fatherland_front_builds_a_campaign_with_its_questions(client, commune):
    make_villages(commune, 1)
    client.force_login(make_supervisor(commune))
    data = {
        "commune": commune.pk,
        "title": "Khảo sát đầu kỳ",
        "kind": "baseline",
        "run_by": "fatherland_front",
        "starts_on": "01/03/2026",
        "ends_on": "31/03/2026",
        "target_rate": "97",
        "questions-TOTAL_FORMS": "3",
        "questions-INITIAL_FORMS": "0",
        "questions-0-text": "Thái độ của cán bộ",
        "questions-0-kind": "scale",
        "questions-0-element": "official",
        "questions-1-text": "Biết mô hình qua đâu?",
        "questions-1-kind": "single",
        "questions-1-choices": "Loa truyền thanh\nHọp thôn\n",
        "questions-2-kind": "scale",  # the blank row left at the end
    }

    more = client.post(reverse("ratings:campaign_create"), {**data, "add_question": "1"})
    response = client.post(reverse("ratings:campaign_create"), data)

    assert more.status_code == 200 and len(more.context["formset"].forms) == 4
    campaign = SurveyCampaign.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{campaign.pk}/quotas/")
    assert campaign.starts_on.isoformat() == "2026-03-01" and str(campaign.target_rate) == "97.0"
    questions = list(campaign.questionnaire.questions.all())
    assert [(q.number, q.kind, q.element) for q in questions] == [(1, "scale", "official"), (2, "single", "")]
    assert [c.label for c in questions[1].choices.all()] == ["Loa truyền thanh", "Họp thôn"]


def test_the_quota_form_sets_the_same_number_for_every_village(client, campaign, leader):
    client.force_login(leader)

    client.post(reverse("ratings:campaign_quotas", kwargs={"pk": campaign.pk}), {"every_village": "100"})

    assert set(VillageQuota.objects.values_list("target", flat=True)) == {100}


def test_locked_questions_are_shown_not_offered_for_editing(client, campaign, leader, officer):
    village = campaign.quotas.first().village
    surveys.record_survey_response(
        campaign, village=village, answers={1: 4}, channel="paper", idempotency_key="k", by=officer
    )
    client.force_login(leader)

    page = client.get(reverse("ratings:campaign_edit", kwargs={"pk": campaign.pk}))
    data = {
        "title": "Tên mới",
        "kind": "baseline",
        "run_by": "fatherland_front",
        "starts_on": "01/03/2026",
        "ends_on": "31/03/2026",
        "status": "closed",
    }
    saved = client.post(reverse("ratings:campaign_edit", kwargs={"pk": campaign.pk}), data)

    assert page.context["locked"] is True
    assert saved.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.title, campaign.status) == ("Tên mới", "closed")
    assert campaign.questionnaire.questions.count() == 6


def test_paper_entry_saves_a_slip_keeps_the_village_and_counts_a_double_enter_once(client, campaign, officer):
    village = campaign.quotas.first().village
    client.force_login(officer)
    url = reverse("ratings:slip_entry", kwargs={"pk": campaign.pk})
    page = client.get(url)
    key = page.context["form"].initial["idempotency_key"]
    slip = {
        "idempotency_key": key,
        "village": village.pk,
        "slip_number": "1",
        "q1": "4",
        "q2": "3",
        "q5": "1 3",
    }

    first = client.post(url, slip)
    again = client.post(url, slip)
    following = client.get(first["Location"])

    assert page.context["form"].initial["slip_number"] == 1
    assert first.status_code == again.status_code == 302
    assert first["Location"].endswith(f"?village={village.pk}")
    assert SurveyResponse.objects.count() == 1
    assert following.context["form"].initial["slip_number"] == 2
    assert following.context["form"].initial["village"] == village.pk
    assert following.context["form"].initial["idempotency_key"] != key


def test_paper_entry_shows_what_is_wrong_and_keeps_the_typed_answers(client, campaign, officer):
    village = campaign.quotas.first().village
    client.force_login(officer)
    url = reverse("ratings:slip_entry", kwargs={"pk": campaign.pk})

    response = client.post(
        url, {"idempotency_key": "x1", "village": village.pk, "slip_number": "1", "q1": "9"}
    )

    assert response.status_code == 200
    assert "9" in " ".join(response.context["form"].non_field_errors())
    assert not SurveyResponse.objects.exists()


def test_the_import_page_imports_a_sheet_and_lists_errors_by_row(client, campaign, officer):
    client.force_login(officer)
    url = reverse("ratings:slip_import", kwargs={"pk": campaign.pk})
    header = ("Thôn", "Số phiếu", "1", "2", "3")

    bad = client.post(
        url, {"file": _upload(xlsx_file(header, ("Thôn 1", 1, 4, 4, 4), ("Thôn 1", 2, 8, 4, 4)))}
    )
    good = client.post(
        url, {"file": _upload(xlsx_file(header, ("Thôn 1", 1, 4, 4, 4), ("Thôn 2", 2, 3, 4, 1)))}
    )

    assert bad.status_code == 200 and 'data-testid="import-errors"' in bad.content.decode()
    assert good.status_code == 302
    assert SurveyResponse.objects.count() == 2


def _upload(buffer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("phieu.xlsx", buffer.getvalue())


def test_the_results_and_the_comparison_show_rates_against_the_target(
    client, campaign, commune, leader, officer
):
    village = campaign.quotas.first().village
    endline = surveys.create_campaign(
        commune,
        details=details(title="Khảo sát cuối kỳ", kind=SurveyCampaign.Kind.ENDLINE),
        questionnaire=campaign.questionnaire,
        by=leader,
    )
    for number, (target, level) in enumerate([(campaign, 2), (campaign, 4), (endline, 4), (endline, 4)]):
        surveys.record_survey_response(
            target,
            village=village,
            answers={1: level},
            channel="paper",
            idempotency_key=f"k{number}",
            by=officer,
        )
    client.force_login(officer)

    results = client.get(reverse("ratings:campaign_results", kwargs={"pk": campaign.pk}))
    compared = client.get(
        reverse("ratings:campaign_compare"), {"baseline": campaign.pk, "endline": endline.pk}
    )

    assert results.context["results"].overall_rate == 50
    assert 'data-testid="results-rate">50,0%' in results.content.decode()
    html = compared.content.decode()
    assert compared.context["comparison"].overall_change == 50
    assert "+50,0" in html and 'class="rate-bar-target"' in html


def test_the_comparison_refuses_campaigns_of_two_communes(client, campaign, other_commune):
    admin = make_person("quantri", other_commune.parent, Role.ADMINISTRATOR)
    make_villages(other_commune, 1)
    foreign = make_campaign(other_commune, admin)
    client.force_login(admin)

    response = client.get(
        reverse("ratings:campaign_compare"), {"baseline": campaign.pk, "endline": foreign.pk}
    )

    assert response.context["comparison"] is None and response.context["form"].errors


def test_the_phone_links_page_shows_a_qr_code_per_village(client, campaign, leader):
    client.force_login(leader)

    html = client.get(reverse("ratings:phone_links", kwargs={"pk": campaign.pk})).content.decode()

    assert html.count("data:image/svg+xml") == 2
    assert html.count("/x/hoang-cat/khao-sat/") >= 2
