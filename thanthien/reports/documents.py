"""A periodic report as a Word document in the Decree 30 layout, every figure counted from the data.

Decree 30/2020/ND-CP, Appendix I: national motto, issuing body, number and symbol, place and date, title,
body, recipients, signature block; Times New Roman. The body follows seed 003: I. situation, II. results
(the figures), III. assessment (strengths, shortcomings), IV. tasks ahead, V. proposals.
"""

import io
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
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
from thanthien.core.predicates import total_of
from thanthien.core.text import fold_vietnamese
from thanthien.reports import charts, monthly, predicates, services
from thanthien.reports.figures import Figures, figures
from thanthien.reports.models import PeriodicReport
from thanthien.units import queries as unit_queries

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
        Line(
            _("%(place)s, %(day)s %(month)s %(year)s")
            % {
                "place": place,
                "day": f"{day:%d}",
                "month": decree_month(day),
                "year": day.year,
            },
            italic=True,
        ),
    ]
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


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")
ARCHIVE_LINE = "- Lưu: VT."  # Decree 30, Appendix I: the issuer's own copy, always the last recipient


def narrative(report: PeriodicReport) -> dict[str, str]:
    """Return the report's texts, an empty one taken from the last period's report (empty if none)."""
    previous = services.last_report(report.commune, report.period_start)
    return {
        field: (getattr(report, field) or "").strip() or (getattr(previous, field, "") or "").strip()
        for field in ("situation", "strengths", "shortcomings", "tasks_ahead", "proposals")
    }


def profile_text(report: PeriodicReport) -> str:
    """Section I's figures from the commune's profile (households, people, Party cells) and villages."""
    profile = unit_queries.profile_on(report.commune, report.period_end)
    if profile is None:
        return ""
    return _(
        "%(commune)s has %(villages)s villages and residential groups, %(households)s households with "
        "%(population)s people, and %(party_cells)s Party cells (figures as of %(as_of)s)."
    ) % {
        "commune": report.commune.name,
        "villages": format_number(len(unit_queries.village_names(report.commune))),
        "households": format_number(profile.households),
        "population": format_number(profile.population),
        "party_cells": format_number(profile.party_cells),
        "as_of": f"{profile.as_of:%d/%m/%Y}",
    }


def _body(document: Any, report: PeriodicReport, counted: Figures) -> None:
    """The five parts of seed 003; a part with nothing to say is left out and the others renumbered."""
    texts = narrative(report)
    situation = [text for text in (profile_text(report), texts["situation"]) if text]
    assessment = [
        (title, texts[field])
        for title, field in ((_("Strengths"), "strengths"), (_("Shortcomings"), "shortcomings"))
        if texts[field]
    ]
    ahead, proposals = texts["tasks_ahead"], texts["proposals"]
    parts: list[tuple[str, bool, Callable[[], None]]] = [
        (pgettext("report part", "SITUATION"), bool(situation), lambda: _texts(document, situation)),
        (pgettext("report part", "RESULTS"), True, lambda: _results(document, report, counted)),
        (pgettext("report part", "ASSESSMENT"), bool(assessment), lambda: _subsections(document, assessment)),
        (pgettext("report part", "TASKS AHEAD"), bool(ahead), lambda: _text(document, ahead)),
        (pgettext("report part", "PROPOSALS"), bool(proposals), lambda: _text(document, proposals)),
    ]
    shown = [(title, write) for title, present, write in parts if present]
    for number, (title, write) in zip(ROMAN, shown, strict=False):
        _heading(document, f"{number}. {title}")
        write()


def _texts(document: Any, texts: list[str]) -> None:
    for text in texts:
        _text(document, text)


def _subsections(document: Any, sections: list[tuple[str, str]]) -> None:
    for number, (title, text) in enumerate(sections, start=1):
        _heading(document, f"{number}. {title}")
        _text(document, text)


def recipient_lines(text: str) -> list[str]:
    """Return the "Nơi nhận" lines as Decree 30 writes them: each starting with a dash, "- Lưu: VT." last."""
    lines = []
    for line in (text or "").splitlines():
        line = line.strip()
        if line:
            lines.append(line if line[0] in "-–—+" else f"- {line}")
    kept = [line for line in lines if not _is_archive(line)]
    archive = next((line for line in lines if _is_archive(line)), ARCHIVE_LINE)
    return [*kept, archive]


def _is_archive(line: str) -> bool:
    return fold_vietnamese(line).lower().lstrip("-–—+ ").replace(" ", "").startswith("luu")


def _results(document: Any, report: PeriodicReport, counted: Figures) -> None:
    dossiers, letters, petitions = counted["dossiers"], counted["letters"], counted["petitions"]
    reception, dialogues, ratings = counted["reception"], counted["dialogues"], counted["ratings"]
    timely = total_of(dossiers, predicates.TIMELY)
    finished = total_of(dossiers, predicates.FINISHED)
    n = format_number
    _heading(document, _("1. Administrative procedures"))
    _text(
        document,
        _("From %(start)s to %(end)s the commune received %(received)s dossiers; of them %(online)s online.")
        % {
            "start": f"{report.period_start:%d/%m/%Y}",
            "end": f"{report.period_end:%d/%m/%Y}",
            "received": n(dossiers["received"]),
            "online": n(dossiers["online"]),
        },
    )
    if finished:
        _text(
            document,
            _("Returned early or on time: %(timely)s/%(finished)s dossiers = %(rate)s.")
            % {
                "timely": n(timely),
                "finished": n(finished),
                "rate": rate(dossiers["on_time_rate"]),
            },
        )
    _text(
        document,
        _("Dossiers served at the citizen's home: %(count)s.") % {"count": n(dossiers["home_service"])},
    )
    _figure_table(
        document,
        [
            (_("Dossiers received"), n(dossiers["received"])),
            (_("Of which online"), n(dossiers["online"])),
            (_("Returned early or on time"), f"{n(timely)}/{n(finished)} ({rate(dossiers['on_time_rate'])})"),
            (_("Returned late"), n(dossiers["late"])),
            (_("Still being processed"), n(dossiers["in_progress"])),
            (_("Served at home"), n(dossiers["home_service"])),
            (_("Postponed with an apology"), n(dossiers["postponed"])),
            (_("Dossiers rated dissatisfied"), n(dossiers["rated_dissatisfied"])),
            (
                _("Satisfaction in handling procedures, Decision 766 (of dossiers)"),
                rate(dossiers["decision_766_rate"]),
            ),
        ],
    )
    _chart(
        document,
        _("On-time rate by month (%)"),
        monthly.on_time_by_month(report.commune, report.period_start, report.period_end),
    )
    _heading(document, _("2. Letters to citizens"))
    _text(
        document,
        _(
            "Letters sent: %(apology)s apology, %(congratulations)s congratulation, "
            "%(condolence)s condolence, %(thanks)s thank-you letters."
        )
        % {key: n(value) for key, value in letters.items()},
    )
    _figure_table(
        document,
        [
            (_("Apology letters"), n(letters["apology"])),
            (_("Congratulation letters"), n(letters["congratulations"])),
            (_("Condolence letters"), n(letters["condolence"])),
            (_("Thank-you letters"), n(letters["thanks"])),
        ],
    )
    _heading(document, _("3. Petitions, citizen reception and dialogue"))
    _text(
        document,
        _(
            "Petitions received: %(received)s; resolved %(resolved)s/%(received)s, %(in_progress)s being "
            "resolved, %(overdue)s overdue."
        )
        % {key: n(petitions[key]) for key in ("received", "resolved", "in_progress", "overdue")},
    )
    _text(
        document,
        _(
            "Citizen reception: %(sessions)s sessions, %(citizens)s citizens received. Dialogue conferences: "
            "%(commune)s at commune level, %(village)s in villages."
        )
        % {
            "sessions": n(reception["sessions"]),
            "citizens": n(reception["citizens"]),
            "commune": n(dialogues["commune"]),
            "village": n(dialogues["village"]),
        },
    )
    _figure_table(
        document,
        [
            (_("Petitions received"), n(petitions["received"])),
            (_("Resolved"), n(petitions["resolved"])),
            (_("Being resolved"), n(petitions["in_progress"])),
            (_("Overdue"), n(petitions["overdue"])),
            (_("Citizen reception sessions"), n(reception["sessions"])),
            (_("Citizens received"), n(reception["citizens"])),
            (_("Dialogue conferences at commune level"), n(dialogues["commune"])),
            (_("Dialogue conferences in villages"), n(dialogues["village"])),
        ],
    )
    _heading(document, _("4. Citizens' satisfaction"))
    if ratings["total"]:
        _text(
            document,
            _(
                "Ratings: %(total)s; very satisfied %(very)s, satisfied %(satisfied)s, neutral %(neutral)s, "
                "dissatisfied %(dissatisfied)s; satisfaction rate %(rate)s."
            )
            % {
                "total": n(ratings["total"]),
                "very": n(ratings["very_satisfied"]),
                "satisfied": n(ratings["satisfied"]),
                "neutral": n(ratings["neutral"]),
                "dissatisfied": n(ratings["dissatisfied"]),
                "rate": rate(ratings["satisfaction_rate"]),
            },
        )
    else:
        _text(document, _("No rating was given in the period."))
    _surveys(document, counted["surveys"])
    _figure_table(
        document,
        [
            (_("Ratings given"), n(ratings["total"])),
            (_("Very satisfied"), n(ratings["very_satisfied"])),
            (_("Satisfied"), n(ratings["satisfied"])),
            (_("Neutral"), n(ratings["neutral"])),
            (_("Dissatisfied"), n(ratings["dissatisfied"])),
            (_("Satisfaction rate"), rate(ratings["satisfaction_rate"])),
            (_("Ratings not dissatisfied (of ratings)"), rate(ratings["not_dissatisfied_rate"])),
        ],
    )
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
    _text(
        document,
        _(
            "%(signed)s of %(officials)s officials signed the commitment to the conduct code; violations "
            "recorded: %(violations)s, of which disciplined: %(disciplined)s."
        )
        % {
            "signed": n(conduct["commitments_signed"]),
            "officials": n(conduct["officials"]),
            "violations": n(conduct["violations"]),
            "disciplined": n(conduct["disciplined"]),
        },
    )
    _text(
        document,
        _(
            "Supervision by the Fatherland Front, mass organisations and the people's inspection board: "
            "%(visits)s visits, %(recommendations)s recommendations, %(answered)s answered "
            "(%(on_time)s on time). Tasks due: %(total)s, done %(done)s (%(done_on_time)s on time), "
            "overdue %(overdue)s."
        )
        % {
            "visits": n(supervision["visits"]),
            "recommendations": n(supervision["recommendations"]),
            "answered": n(supervision["answered"]),
            "on_time": n(supervision["answered_on_time"]),
            "total": n(tasks["total"]),
            "done": n(tasks["done"]),
            "done_on_time": n(tasks["done_on_time"]),
            "overdue": n(tasks["overdue"]),
        },
    )


def _surveys(document: Any, surveys: dict[str, Any]) -> None:
    """One sentence for each side of the survey that has slips: an empty side is not written as "0 = –"."""
    sentences = {
        "baseline": _(
            "Survey of satisfaction at the start of the period: %(slips)s slips, %(very)s very satisfied."
        ),
        "endline": _(
            "Survey of satisfaction at the end of the period: %(slips)s slips, %(very)s very satisfied."
        ),
    }
    for side, sentence in sentences.items():
        figures_of_side = surveys[side]
        if figures_of_side["slips"] and figures_of_side["very_satisfied_rate"] is not None:
            _text(
                document,
                sentence
                % {
                    "slips": format_number(figures_of_side["slips"]),
                    "very": rate(figures_of_side["very_satisfied_rate"]),
                },
            )


def _chart(document: Any, title: str, points: list[monthly.MonthPoint]) -> None:
    if not any(point.value is not None for point in points):
        return
    document.add_picture(io.BytesIO(charts.line_chart_png(title, points)), width=Cm(15))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def signer_name(report: PeriodicReport) -> str:
    """The report's signer, else the commune's chairman as recorded among its officials."""
    chairman = unit_queries.chairman(report.commune)
    return report.signer_name.strip() or (chairman.full_name if chairman else "")


def _signature_block(document: Any, report: PeriodicReport) -> None:
    left, right = _two_columns(document).rows[0].cells
    add_line(left, _("Recipients:"), bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    for recipient in recipient_lines(report.recipients):
        add_line(left, recipient, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    add_line(right, _("ON BEHALF OF THE PEOPLE'S COMMITTEE"), bold=True)
    add_line(right, (report.signer_title or _("Chairman")).upper(), bold=True)
    for _blank in range(3):
        add_line(right, "")
    add_line(right, signer_name(report), bold=True)
