"""The disclosure section of reports.figures (registered in DisclosureConfig.ready through reports.hooks)."""

from thanthien.disclosure import queries
from thanthien.disclosure.models import DisclosureItem
from thanthien.reports.figures import Period, within


def disclosure_figures(period: Period) -> dict[str, int]:
    """Disclosures due in the period: on time, late, overdue, posted too briefly (disclosure.queries)."""
    items = within(DisclosureItem.objects.all(), period.unit, "commune")
    return queries.compliance_counts(items, period.date_from, period.date_to, period.today)
