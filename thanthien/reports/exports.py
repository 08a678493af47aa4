"""The province's ranking and the country side by side as XLSX sheets (openpyxl, through core.spreadsheets,
which writes every text as text), the same rows and order as the pages."""

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from thanthien.core.spreadsheets import xlsx_response
from thanthien.reports.national import NationalTable
from thanthien.reports.rollup import Rollup


def _number(value: Any) -> Any:
    return float(value) if value is not None else None


def ranking_rows(rollup: Rollup) -> Any:
    yield [
        _("Rank"),
        _("Commune"),
        _("Dossiers received"),
        _("On-time rate (%)"),
        _("Online rate (%)"),
        _("Ratings given"),
        _("Satisfaction rate (%)"),
        _("Petitions received"),
        _("Petitions overdue"),
        _("Letters"),
        _("Reports due"),
        _("Reports submitted"),
        _("Reports on time"),
        str(rollup.ranked_by_label or _("Composite score")),
    ]
    for row in rollup.rows:
        yield [
            row.rank,
            row.commune.name,
            row.received,
            _number(row.on_time_rate),
            _number(row.online_rate),
            row.ratings,
            _number(row.satisfaction_rate),
            row.petitions,
            row.petitions_overdue,
            row.letters,
            row.reports_due,
            row.reports_submitted,
            row.reports_on_time,
            _number(row.score),
        ]


def ranking_xlsx_response(rollup: Rollup) -> HttpResponse:
    name = f"xep-hang-{rollup.unit.code}-{rollup.date_from:%Y%m%d}-{rollup.date_to:%Y%m%d}.xlsx"
    return xlsx_response(_("Ranking"), ranking_rows(rollup), name)


def national_rows(table: NationalTable) -> Any:
    yield [
        _("Province"),
        _("Communes"),
        _("Dossiers received"),
        _("On-time rate (%)"),
        _("Ratings given"),
        _("Satisfaction rate (%)"),
        _("Petitions overdue"),
        _("Reception sessions"),
        _("Citizens received"),
        _("Composite score"),
        *[str(label) for _key, label in table.other_sources],
    ]
    for row in table.rows:
        yield [
            row.province.name,
            row.communes,
            row.dossiers,
            _number(row.on_time_rate),
            row.ratings,
            _number(row.satisfaction_rate),
            row.petitions_overdue,
            row.reception_sessions,
            row.citizens_received,
            _number(row.score),
            *[_number(row.other_score(key)) for key, _label in table.other_sources],
        ]


def national_xlsx_response(table: NationalTable) -> HttpResponse:
    name = f"ca-nuoc-{table.date_from:%Y%m%d}-{table.date_to:%Y%m%d}.xlsx"
    return xlsx_response(_("Provinces"), national_rows(table), name)
