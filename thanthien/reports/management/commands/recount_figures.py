"""`thanthien recount_figures`: recreate the count triggers and rebuild every bucket from the rows.

`--check` first reads what the triggers kept, recounts, and fails (exit 1) when the two differ: the check
CI runs after migrating an empty database from zero and loading the demo through the services.
"""

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models
from django.utils.translation import gettext as _

from thanthien.reports import summaries
from thanthien.reports.models import DossierCount, RatingCount


def bucket_models() -> list[type[models.Model]]:
    """The models of the bucket tables reports.summaries keeps, in its order."""
    by_table = {model._meta.db_table: model for model in apps.get_app_config("reports").get_models()}
    return [by_table[summary.table] for summary in summaries.SUMMARIES]


def _buckets() -> dict[str, set[tuple[Any, ...]]]:
    """Every bucket that counts something (a trigger may leave a bucket at zero; a recount makes none)."""
    found = {}
    for model in bucket_models():
        fields = model._meta.concrete_fields
        counts = [field.attname for field in fields if type(field) is models.IntegerField]
        rows = model._default_manager.exclude(**dict.fromkeys(counts, 0)).values_list(*_fields(model))
        found[model.__name__] = {tuple(row) for row in rows}
    return found


def _fields(model: Any) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields if not field.primary_key]


class Command(BaseCommand):
    help = (
        "Recreate the triggers that keep the dossier and rating counts and recount them from the rows "
        "(after TIME_ZONE changes, or a bulk load with the triggers off); safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Fail when the kept counts differ from a fresh recount."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kept = _buckets() if options["check"] else None
        if options["check"] and not summaries.installed(connection):
            raise CommandError(_("The count triggers are not installed."))
        summaries.install(connection)
        if kept is not None and kept != _buckets():
            fresh = _buckets()
            differing = {name: len(kept[name] ^ fresh[name]) for name in kept}
            raise CommandError(
                _("The kept counts differ from a recount: %(differing)s") % {"differing": differing}
            )
        self.stdout.write(
            _("Recounted: %(dossiers)d dossier buckets, %(ratings)d rating buckets.")
            % {"dossiers": DossierCount.objects.count(), "ratings": RatingCount.objects.count()}
        )
