from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "thanthien.disclosure"
    verbose_name = _("Public disclosure")
