"""A periodic report as a Word document in the Decree 30 layout, every figure counted from the data.

Decree 30/2020/ND-CP, Appendix I: national motto, issuing body, number and symbol, place and date, title,
body, recipients, signature block; Times New Roman. The body follows seed 003: I. situation, II. results
(the figures), III. assessment (strengths, shortcomings), IV. tasks ahead, V. proposals.
"""

import io
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.table import Table

from thanthien.core.documents import (
    Line,
    add_line,
    decree_month,
    head_table,
    new_a4_document,
    place_name,
)
from thanthien.core.formatting import format_number, format_percent
from thanthien.reports import charts, monthly
from thanthien.reports.figures import Figures, figures
from thanthien.reports.models import PeriodicReport

COLUMN_WIDTHS = (Cm(6.5), Cm(9.5))


def rate(value: Decimal | None) -> str:
    """Write a rate as seed 003 does: "100%", "96,5%"."""
    return format_percent(value).replace(",0%", "%")


def report_document(report: PeriodicReport) -> bytes:
    """Return the report as a .docx, its figures counted now over the report's period."""
    counted = figures(report.commune, report.period_start, report.period_end)
    with translation.override("vi"):
        document = new_a4_document(font_size=14)
        _heading_block(document, report)
        _body(document, report, counted)
        _signature_block(document, report)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _two_columns(document: Any) -> Table:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, width in zip(table.rows[0].cells, COLUMN_WIDTHS, strict=True):
        cell.width = width
        cell.paragraphs[0].text = ""
    return table


def _heading_block(document: Any, report: PeriodicReport) -> None:
    """The issuing body and number on the left; the national motto, place and date on the right."""
    place = place_name(report.commune.name)
    issuing_body = [
        Line(_("PEOPLE'S COMMITTEE"), bold=True),
        Line(place.upper().join([_("COMMUNE") + " ", ""]), bold=True),
        Line(_("No.: %(number)s") % {"number": report.number or "…/BC-UBND"}),
    ]
    day = timezone.localdate(report.submitted_at) if report.submitted_at else report.period_end
    nation = [
        Line(_("SOCIALIST REPUBLIC OF VIETNAM"), size=12, bold=True),
        Line(_("Independence - Freedom - Happiness"), bold=True),
        Line(_("%(place)s, %(day)s %(month)s %(year)s") % {
            "place": place, "day": f"{day:%d}", "month": decree_month(day), "year": day.year,
        }, italic=True),
    ]  # fmt: skip
    head_table(document, [(issuing_body, nation)], widths=COLUMN_WIDTHS)
    add_line(document, _("REPORT"), bold=True, size=14).paragraph_format.space_before = Pt(12)
    add_line(document, report.title, bold=True, size=14)


def _heading(document: Any, text: str) -> None:
    add_line(document, text, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.LEFT)


def _text(document: Any, text: str) -> None:
    for part in (text or "").splitlines() or [""]:
        if part.strip():
            paragraph = add_line(document, part.strip(), size=14, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            paragraph.paragraph_format.first_line_indent = Cm(1)


def _figure_table(document: Any, rows: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value


def _body(document: Any, report: PeriodicReport, counted: Figures) -> None:
    _heading(document, _("I. SITUATION"))
    _text(document, report.situation)
    _heading(document, _("II. RESULTS"))
    _results(document, report, counted)
    _heading(document, _("III. ASSESSMENT"))
    _heading(document, _("1. Strengths"))
    _text(document, report.strengths)
    _heading(document, _("2. Shortcomings"))
    _text(document, report.shortcomings)
    _heading(document, _("IV. TASKS AHEAD"))
    _text(document, report.tasks_ahead)
    _heading(document, _("V. PROPOSALS"))
    _text(document, report.proposals or _("None."))


def _results(document: Any, report: PeriodicReport, counted: Figures) -> None:
    dossiers, letters, petitions = counted["dossiers"], counted["letters"], counted["petitions"]
    reception, dialogues, ratings = counted["reception"], counted["dialogues"], counted["ratings"]
    timely = dossiers["early"] + dossiers["on_time"]
    finished = timely + dossiers["late"]
    n = format_number
    _heading(document, _("1. Administrative procedures"))
    _text(document, _(
        "From %(start)s to %(end)s the commune received %(received)s dossiers; of them %(online)s online; "
        "returned early or on time %(timely)s/%(finished)s dossiers = %(rate)s."
    ) % {"start": f"{report.period_start:%d/%m/%Y}", "end": f"{report.period_end:%d/%m/%Y}",
         "received": n(dossiers["received"]), "online": n(dossiers["online"]), "timely": n(timely),
         "finished": n(finished), "rate": rate(dossiers["on_time_rate"])})  # fmt: skip
    _text(
        document,
        _("Dossiers served at the citizen's home: %(count)s.") % {"count": n(dossiers["home_service"])},
    )
    _figure_table(document, [
        (_("Dossiers received"), n(dossiers["received"])),
        (_("Of which online"), n(dossiers["online"])),
        (_("Returned early or on time"), f"{n(timely)}/{n(finished)} ({rate(dossiers['on_time_rate'])})"),
        (_("Returned late"), n(dossiers["late"])),
        (_("Still being processed"), n(dossiers["in_progress"])),
        (_("Served at home"), n(dossiers["home_service"])),
        (_("Postponed with an apology"), n(dossiers["postponed"])),
    ])  # fmt: skip
    _chart(
        document,
        _("On-time rate by month (%)"),
        monthly.on_time_by_month(report.commune, report.period_start, report.period_end),
    )
    _heading(document, _("2. Letters to citizens"))
    _text(document, _(
        "Letters sent: %(apology)s apology, %(congratulations)s congratulation, %(condolence)s condolence, "
        "%(thanks)s thank-you letters."
    ) % {key: n(value) for key, value in letters.items()})  # fmt: skip
    _figure_table(document, [
        (_("Apology letters"), n(letters["apology"])),
        (_("Congratulation letters"), n(letters["congratulations"])),
        (_("Condolence letters"), n(letters["condolence"])),
        (_("Thank-you letters"), n(letters["thanks"])),
    ])  # fmt: skip
    _heading(document, _("3. Petitions, citizen reception and dialogue"))
    _text(document, _(
        "Petitions received: %(received)s; resolved %(resolved)s/%(received)s, %(in_progress)s being "
        "resolved, %(overdue)s overdue."
    ) % {key: n(petitions[key]) for key in ("received", "resolved", "in_progress", "overdue")})  # fmt: skip
    _text(document, _(
        "Citizen reception: %(sessions)s sessions, %(citizens)s citizens received. Dialogue conferences: "
        "%(commune)s at commune level, %(village)s in villages."
    ) % {"sessions": n(reception["sessions"]), "citizens": n(reception["citizens"]),
         "commune": n(dialogues["commune"]), "village": n(dialogues["village"])})  # fmt: skip
    _figure_table(document, [
        (_("Petitions received"), n(petitions["received"])),
        (_("Resolved"), n(petitions["resolved"])),
        (_("Being resolved"), n(petitions["in_progress"])),
        (_("Overdue"), n(petitions["overdue"])),
        (_("Citizen reception sessions"), n(reception["sessions"])),
        (_("Citizens received"), n(reception["citizens"])),
        (_("Dialogue conferences at commune level"), n(dialogues["commune"])),
        (_("Dialogue conferences in villages"), n(dialogues["village"])),
    ])  # fmt: skip
    _heading(document, _("4. Citizens' satisfaction"))
    _text(document, _(
        "Ratings: %(total)s; very satisfied %(very)s, satisfied %(satisfied)s, neutral %(neutral)s, "
        "dissatisfied %(dissatisfied)s; satisfaction rate %(rate)s."
    ) % {"total": n(ratings["total"]), "very": n(ratings["very_satisfied"]),
         "satisfied": n(ratings["satisfied"]),
         "neutral": n(ratings["neutral"]), "dissatisfied": n(ratings["dissatisfied"]),
         "rate": rate(ratings["satisfaction_rate"])})  # fmt: skip
    _surveys(document, counted["surveys"])
    _figure_table(document, [
        (_("Ratings given"), n(ratings["total"])),
        (_("Very satisfied"), n(ratings["very_satisfied"])),
        (_("Satisfied"), n(ratings["satisfied"])),
        (_("Neutral"), n(ratings["neutral"])),
        (_("Dissatisfied"), n(ratings["dissatisfied"])),
        (_("Satisfaction rate"), rate(ratings["satisfaction_rate"])),
    ])  # fmt: skip
    _chart(
        document,
        _("Satisfaction by month (%)"),
        monthly.satisfaction_by_month(report.commune, report.period_start, report.period_end),
    )
    _conduct_and_supervision(document, counted)


def _conduct_and_supervision(document: Any, counted: Figures) -> None:
    """Seed 003: officials signed their commitment to the conduct code; the Front supervised the model."""
    conduct, supervision, tasks = counted["conduct"], counted["supervision"], counted["tasks"]
    n = format_number
    _heading(document, _("5. Conduct code, supervision and the plan's tasks"))
    _text(document, _(
        "%(signed)s of %(officials)s officials signed the commitment to the conduct code; violations "
        "recorded: %(violations)s, of which disciplined: %(disciplined)s."
    ) % {"signed": n(conduct["commitments_signed"]), "officials": n(conduct["officials"]),
         "violations": n(conduct["violations"]), "disciplined": n(conduct["disciplined"])})  # fmt: skip
    _text(document, _(
        "Supervision by the Fatherland Front, mass organisations and the people's inspection board: "
        "%(visits)s visits, %(recommendations)s recommendations, %(answered)s answered "
        "(%(on_time)s on time). Tasks due: %(total)s, done %(done)s (%(done_on_time)s on time), "
        "overdue %(overdue)s."
    ) % {"visits": n(supervision["visits"]), "recommendations": n(supervision["recommendations"]),
         "answered": n(supervision["answered"]), "on_time": n(supervision["answered_on_time"]),
         "total": n(tasks["total"]), "done": n(tasks["done"]), "done_on_time": n(tasks["done_on_time"]),
         "overdue": n(tasks["overdue"])})  # fmt: skip


def _surveys(document: Any, surveys: dict[str, Any]) -> None:
    baseline, endline = surveys["baseline"], surveys["endline"]
    if not (baseline["slips"] or endline["slips"]):
        return
    _text(document, _(
        "Survey of satisfaction: at the start %(b_slips)s slips, %(b_very)s very satisfied; at the end "
        "%(e_slips)s slips, %(e_very)s very satisfied."
    ) % {"b_slips": format_number(baseline["slips"]), "b_very": rate(baseline["very_satisfied_rate"]),
         "e_slips": format_number(endline["slips"]),
         "e_very": rate(endline["very_satisfied_rate"])})  # fmt: skip


def _chart(document: Any, title: str, points: list[monthly.MonthPoint]) -> None:
    if not any(point.value is not None for point in points):
        return
    document.add_picture(io.BytesIO(charts.line_chart_png(title, points)), width=Cm(15))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _signature_block(document: Any, report: PeriodicReport) -> None:
    left, right = _two_columns(document).rows[0].cells
    add_line(left, _("Recipients:"), bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    for recipient in (report.recipients or _("- Archived.")).splitlines():
        if recipient.strip():
            add_line(left, recipient.strip(), size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    add_line(right, _("ON BEHALF OF THE PEOPLE'S COMMITTEE"), bold=True)
    add_line(right, (report.signer_title or _("Chairman")).upper(), bold=True)
    for _blank in range(3):
        add_line(right, "")
    add_line(right, report.signer_name, bold=True)
