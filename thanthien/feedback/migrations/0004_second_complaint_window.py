"""The window for a second complaint or a lawsuit after a first-instance decision (LAW.md §1a, rule 5):
the day the decision arrives, and the limit as data (Law on Complaints 2011 art. 33: 30 days, 45 in
remote areas, counted as the law's other plain "ngày" are)."""

from datetime import date

from django.db import migrations, models

COMPLAINTS_2011 = date(2012, 7, 1)  # Law 02/2011/QH13 in force
BASIS = "Luật Khiếu nại 2011 (số 02/2011/QH13), điều 33"
NOTE = (
    "Tính từ ngày nhận quyết định giải quyết lần đầu, hoặc từ ngày hết thời hạn giải quyết (điều 28) mà "
    "khiếu nại không được giải quyết. Luật ghi “ngày”: tính theo ngày lịch, Bộ luật Dân sự 2015 điều "
    "147–148 ([C] chưa xác nhận cách tính)."
)
ROWS = [("normal", 30), ("remote", 45)]


def add_limits(apps, schema_editor):
    LegalTimeLimit = apps.get_model("feedback", "LegalTimeLimit")
    for area, days in ROWS:
        LegalTimeLimit.objects.get_or_create(
            case_kind="complaint",
            step="complain_again",
            instance="first",
            area=area,
            valid_from=COMPLAINTS_2011,
            defaults={"days": days, "counting": "calendar_days", "repeats": 1, "legal_basis": BASIS,
                      "certainty": "A", "note": NOTE},
        )  # fmt: skip


def remove_limits(apps, schema_editor):
    apps.get_model("feedback", "LegalTimeLimit").objects.filter(step="complain_again").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0003_case_handling_steps_box_openings_and_timeline"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedbackitem",
            name="decision_received_on",
            field=models.DateField(blank=True, null=True, verbose_name="decision received on"),
        ),
        migrations.AlterField(
            model_name="feedbackevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("received", "Received"),
                    ("classified", "Classified"),
                    ("accepted", "Accepted"),
                    ("declined", "Not accepted"),
                    ("assigned", "Assigned"),
                    ("extended", "Extended"),
                    ("verified", "Verification recorded"),
                    ("dialogue", "Dialogue recorded"),
                    ("resolved", "Resolved"),
                    ("answer_sent", "Answer sent"),
                    ("decision_received", "Decision received by the complainant"),
                    ("published", "Publication changed"),
                    ("closed", "Closed"),
                    ("transferred", "Transferred or guided"),
                    ("useful", "Marked as a useful contribution"),
                    ("warning", "Deadline warning sent"),
                    ("breach", "Deadline missed"),
                ],
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="legaltimelimit",
            name="step",
            field=models.CharField(
                choices=[
                    ("accept", "Accept or decline"),
                    ("resolve", "Resolve"),
                    ("resolve_complex", "Resolve a complex case"),
                    ("send_decision", "Send the decision"),
                    ("initial_handling", "Initial handling"),
                    ("initial_handling_extended", "Initial handling, verified at several places"),
                    ("forward", "Forward to the competent body"),
                    ("notify", "Notify the acceptance"),
                    ("extension", "Extension"),
                    ("answer_visitor", "Answer the visitor"),
                    ("answer", "Answer"),
                    ("complain_again", "Complain again or go to court"),
                ],
                max_length=30,
                verbose_name="step",
            ),
        ),
        migrations.RunPython(add_limits, remove_limits),
    ]
