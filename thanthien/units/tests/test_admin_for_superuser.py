"""The Django admin is for the superuser only (issue #18 item 1): a staff user who is not a superuser is
refused at /admin/ and the menu offers them no "Administration"; the demo logins never meet that refusal."""

import pytest
from django.urls import reverse

from conftest import make_unit
from thanthien.units.context_processors import menu_items
from thanthien.units.demo import create_demo
from thanthien.units.models import User

pytestmark = pytest.mark.django_db


def _user(username: str, **flags: bool) -> User:
    return User.objects.create_user(username=username, email=None, password="x-Very-long-pass-1", **flags)


def test_a_staff_user_who_is_not_a_superuser_is_refused_at_the_admin(client):
    staff = _user("staff", is_staff=True)
    client.force_login(staff)

    for url in (reverse("admin:index"), reverse("admin:procedures_procedure_changelist")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("admin:login")), url
    assert "admin" not in {item["key"] for item in menu_items(staff)}


def test_a_superuser_opens_the_admin_and_sees_it_in_the_menu(client):
    root = _user("root", is_staff=True, is_superuser=True)
    client.force_login(root)

    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:procedures_communeprocedure_changelist")).status_code == 200
    assert "admin" in {item["key"] for item in menu_items(root)}


def test_an_inactive_superuser_is_refused(client):
    root = _user("root", is_staff=True, is_superuser=True)
    root.is_active = False
    root.save()
    client.force_login(root)

    assert client.get(reverse("admin:index")).status_code == 302


def test_no_demo_login_is_staff_without_being_a_superuser():
    make_unit("38", "Tỉnh Thanh Hóa", "province")
    result = create_demo()

    usernames = {username for username, _password, _title in result.logins}
    assert usernames >= {"chutich", "bithu", "mttq", "motcua", "quantri"}
    demo_users = User.objects.filter(username__in=usernames)
    assert not [user.username for user in demo_users if user.is_staff and not user.is_superuser]
