"""The notice before a complaint's dialogue (LAW.md §1a, rule 6, 2026 part): from 01/07/2026 it goes out at
least 5 days before the dialogue, at both instances. Known only from a third party's copy of the decree
([B-]), so it is a row an administrator can correct or remove."""

from datetime import date

from django.db import migrations, models

DECREE_155_2026 = date(2026, 7, 1)  # Decree 155/2026/NĐ-CP with Law 136/2025/QH15
BASIS = "Nghị định 155/2026/NĐ-CP, điều 11 (điều 28 mới của Nghị định 124/2020/NĐ-CP)"
NOTE = (
    "Thông báo đối thoại gửi trước ít nhất 5 ngày. Chỉ thấy bản chép lại của bên thứ ba; cần đối chiếu "
    "Công báo. Luật ghi “ngày”: tính theo ngày lịch ([C] chưa xác nhận cách tính)."
)


def add_limits(apps, schema_editor):
    LegalTimeLimit = apps.get_model("feedback", "LegalTimeLimit")
    for instance in ("first", "second"):
        LegalTimeLimit.objects.get_or_create(
            case_kind="complaint",
            step="dialogue_notice",
            instance=instance,
            area="normal",
            valid_from=DECREE_155_2026,
            defaults={"days": 5, "counting": "calendar_days", "repeats": 1, "legal_basis": BASIS,
                      "certainty": "B-", "note": NOTE},
        )  # fmt: skip


def remove_limits(apps, schema_editor):
    apps.get_model("feedback", "LegalTimeLimit").objects.filter(step="dialogue_notice").delete()


class Migration(migrations.Migration):

    dependencies = [
        ('feedback', '0004_second_complaint_window'),
    ]

    operations = [
        migrations.AddField(
            model_name='feedbackitem',
            name='dialogue_notice_on',
            field=models.DateField(blank=True, null=True, verbose_name='dialogue notice sent on'),
        ),
        migrations.AlterField(
            model_name='legaltimelimit',
            name='step',
            field=models.CharField(choices=[('accept', 'Accept or decline'), ('resolve', 'Resolve'), ('resolve_complex', 'Resolve a complex case'), ('send_decision', 'Send the decision'), ('initial_handling', 'Initial handling'), ('initial_handling_extended', 'Initial handling, verified at several places'), ('forward', 'Forward to the competent body'), ('notify', 'Notify the acceptance'), ('extension', 'Extension'), ('answer_visitor', 'Answer the visitor'), ('answer', 'Answer'), ('complain_again', 'Complain again or go to court'), ('dialogue_notice', 'Notice before a dialogue')], max_length=30, verbose_name='step'),
        ),
        migrations.RunPython(add_limits, remove_limits),
    ]
