"""Every admin list and add page opens for an administrator (catches a broken admin before a user does)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from thanthien.units.models import User


@pytest.mark.django_db
def test_every_admin_list_opens(client, rf):
    superuser = User.objects.create_superuser("quantri", password="mật-khẩu-thử-1")
    client.force_login(superuser)
    request = rf.get("/admin/")
    request.user = superuser

    failures = []
    for model, model_admin in admin.site._registry.items():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        if client.get(url).status_code != 200:
            failures.append(url)
        if model_admin.has_add_permission(request):
            add_url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
            if client.get(add_url).status_code != 200:
                failures.append(add_url)

    assert failures == []
