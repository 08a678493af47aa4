"""Giving the power to read identities waits for a leader (issue #13, item 5).

An administrator may not read denouncers' and complainants' identities; without this rule he could make a
leader account, or reset the chairman's password, and read them through it.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import make_person
from thanthien.core.models import AuditEvent
from thanthien.feedback.permissions import can_reveal_identity
from thanthien.units import permissions, services
from thanthien.units.models import AccessApproval, Membership, Official, Role, User

PASSWORD = "mật-khẩu-thử-1"


@pytest.fixture
def administrator(commune):
    return make_person("quantri", commune, Role.ADMINISTRATOR, "Trịnh Minh Quân")


@pytest.fixture
def province_administrator(province):
    return make_person("quantritinh", province, Role.ADMINISTRATOR, "Lê Văn Tỉnh")


@pytest.fixture
def chairman(commune):
    return make_person("chutich", commune, Role.LEADER, "Lê Văn Thành")


def test_the_identity_reading_roles_are_the_ones_feedback_lets_read_identities(commune, leader, officer):
    class Case:  # the only fields can_reveal_identity reads
        unit = commune
        assignee = None

    for role in Role.values:
        assert permissions.role_reads_identities(role) == (role == Role.LEADER)
    assert can_reveal_identity(leader, Case()) and not can_reveal_identity(officer, Case())


def test_a_commune_administrator_granting_leader_gets_a_pending_request_not_the_role(administrator, commune):
    user = make_person("canbo9", commune, None)

    result = services.grant_role(user, unit=commune, role=Role.LEADER, by=administrator)

    assert isinstance(result, AccessApproval)
    assert result.status == AccessApproval.Status.PENDING
    assert not Membership.objects.filter(user=user, role=Role.LEADER).exists()
    assert AuditEvent.objects.filter(
        object_type="units.AccessApproval", action=AuditEvent.Action.CREATE
    ).exists()


def test_a_commune_administrator_gets_no_password_for_a_new_leader_account(client, administrator, commune):
    client.force_login(administrator)

    response = client.post(
        "/units/accounts/new/",
        {"username": "chutich2", "full_name": "Đỗ Văn Hải", "unit": commune.pk, "role": Role.LEADER},
    )

    user = User.objects.get(username="chutich2")
    assert response.status_code == 200
    assert response.context["password"] is None
    assert 'data-testid="one-time-password"' not in response.content.decode()
    assert not user.has_usable_password()
    assert not Membership.objects.filter(user=user).exists()
    assert AccessApproval.objects.get(user=user).kind == AccessApproval.Kind.GRANT_ROLE


def test_a_commune_administrator_cannot_reset_the_chairmans_password_alone(administrator, chairman):
    result = services.reset_password(chairman, by=administrator)

    chairman.refresh_from_db()
    assert isinstance(result, AccessApproval)
    assert result.kind == AccessApproval.Kind.RESET_PASSWORD
    assert chairman.check_password(PASSWORD)  # unchanged until a leader approves


def test_a_desk_officer_role_and_password_need_no_approval(administrator, commune, officer):
    user = make_person("motcua9", commune, None)

    membership = services.grant_role(user, unit=commune, role=Role.DESK_OFFICER, by=administrator)
    password = services.reset_password(officer, by=administrator)

    assert isinstance(membership, Membership) and membership.is_active
    assert isinstance(password, str)


def test_a_province_administrator_grants_leader_directly(province_administrator, commune):
    user = make_person("canbo8", commune, None)

    result = services.grant_role(user, unit=commune, role=Role.LEADER, by=province_administrator)

    assert isinstance(result, Membership) and result.is_active
    shown = AccessApproval.objects.get(user=user)  # on the commune leaders' list of decisions
    assert shown.status == AccessApproval.Status.APPROVED and shown.decided_by == province_administrator
    assert shown in permissions.visible_access_approvals(make_person("bithu", commune, Role.LEADER))


def test_a_leader_approves_and_alone_receives_the_new_password(administrator, chairman, commune):
    user = make_person("canbo7", commune, None)
    TOTPDevice.objects.create(user=user, name="điện thoại của quản trị", confirmed=True)
    approval = services.grant_role(user, unit=commune, role=Role.LEADER, by=administrator)

    password = services.decide_access_approval(approval, by=chairman, approve=True)

    user.refresh_from_db()
    approval.refresh_from_db()
    assert approval.status == AccessApproval.Status.APPROVED and approval.decided_by == chairman
    assert Membership.objects.get(user=user, role=Role.LEADER).is_active
    assert user.check_password(password) and user.must_change_password
    assert not TOTPDevice.objects.filter(user=user).exists()  # the real holder sets up his own


def test_the_administrator_cannot_approve_his_own_request(administrator, commune):
    user = make_person("canbo6", commune, None)
    approval = services.grant_role(user, unit=commune, role=Role.LEADER, by=administrator)

    with pytest.raises(PermissionDenied):
        services.decide_access_approval(approval, by=administrator, approve=True)


def test_a_leader_of_another_commune_cannot_approve(administrator, commune, other_commune):
    user = make_person("canbo5", commune, None)
    approval = services.grant_role(user, unit=commune, role=Role.LEADER, by=administrator)
    other_leader = make_person("chutichkhac", other_commune, Role.LEADER)

    with pytest.raises(PermissionDenied):
        services.decide_access_approval(approval, by=other_leader, approve=True)


def test_a_refused_request_gives_nothing_and_cannot_be_decided_again(administrator, chairman):
    approval = services.reset_password(chairman, by=administrator)

    assert services.decide_access_approval(approval, by=chairman, approve=False) is None
    with pytest.raises(ValidationError):
        services.decide_access_approval(approval, by=chairman, approve=True)
    chairman.refresh_from_db()
    assert chairman.check_password(PASSWORD)


def test_the_leaders_home_page_shows_the_pending_request_and_the_approval_gives_the_password(
    client, administrator, chairman, commune
):
    user = make_person("canbo4", commune, None, "Phan Thị Mai")
    approval = services.grant_role(user, unit=commune, role=Role.LEADER, by=administrator)
    client.force_login(chairman)

    home = client.get("/")
    listing = client.get("/units/accounts/approvals/")
    decided = client.post(f"/units/accounts/approvals/{approval.pk}/decide/", {"decision": "approve"})

    assert 'data-testid="home-pending-approvals"' in home.content.decode()
    assert "Phan Thị Mai" in listing.content.decode()
    assert decided.status_code == 200
    assert user.__class__.objects.get(pk=user.pk).check_password(decided.context["password"])


def test_the_administrator_cannot_decide_through_the_page(client, administrator, commune):
    approval = services.grant_role(
        make_person("canbo3", commune, None), unit=commune, role=Role.LEADER, by=administrator
    )
    client.force_login(administrator)

    response = client.post(f"/units/accounts/approvals/{approval.pk}/decide/", {"decision": "approve"})

    assert response.status_code == 403
    assert AccessApproval.objects.get(pk=approval.pk).status == AccessApproval.Status.PENDING


def test_memberships_cannot_be_added_in_the_django_admin(client, admin_user):
    client.force_login(admin_user)

    assert client.get("/admin/units/membership/add/").status_code == 403


def test_an_administrator_cannot_link_his_login_to_an_official(administrator, chairman, commune):
    official = Official.objects.create(unit=commune, full_name="Nguyễn Văn Bình", title="Công chức Địa chính")

    with pytest.raises(ValidationError):
        services.update_official(official, by=administrator, user=administrator)
    services.update_official(official, by=chairman, user=administrator)  # a leader's decision

    official.refresh_from_db()
    assert official.user == administrator


def test_demo_reset_passwords_forces_a_change_and_ends_sessions(db, province):
    province.name = "Tỉnh Thanh Hóa"
    province.save()
    call_command("demo")
    user = User.objects.get(username="chutich")
    stamp = user.session_stamp

    call_command("demo", "--reset-passwords")

    user.refresh_from_db()
    assert user.must_change_password
    assert user.session_stamp == stamp + 1


def test_a_leader_with_nothing_to_decide_sees_an_empty_list_and_a_desk_officer_is_refused(
    client, chairman, officer
):
    client.force_login(chairman)
    assert client.get("/units/accounts/approvals/").status_code == 200

    client.force_login(officer)
    assert client.get("/units/accounts/approvals/").status_code == 403


def test_a_commune_administrator_cannot_make_an_api_key_acting_as_the_chairman(
    administrator, province_administrator, chairman
):
    from thanthien.units.tokens import issue_api_token

    with pytest.raises(PermissionDenied):
        issue_api_token(chairman, name="Tích hợp", by=administrator)
    assert issue_api_token(chairman, name="Tích hợp", by=province_administrator)
