from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConfigurationConfig(AppConfig):
    name = "thanthien.configuration"
    label = "configuration"
    verbose_name = _("Settings")
