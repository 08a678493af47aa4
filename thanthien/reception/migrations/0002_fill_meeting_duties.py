"""The legal duties to meet the people (LAW.md §1c): reception days of the chairman, the yearly dialogue.

Reviewed data, not computed. An administrator edits or adds rows (with their date and legal basis) when a
law or decree changes them; the schedule check uses the row in force on the day it looks at.
"""

from datetime import date

from django.db import migrations

RECEPTION_2013 = date(2014, 7, 1)  # Law 42/2013/QH13 in force
GRASSROOTS_DEMOCRACY_2022 = date(2023, 7, 1)  # Law 10/2022/QH15 in force

# (kind, capacity, times, period, valid from, legal basis, note)
ROWS = [
    ("reception", "chairman", 1, "week", RECEPTION_2013,
     "Luật Tiếp công dân 2013 (số 42/2013/QH13), điều 15 khoản 2",
     "Chủ tịch UBND xã trực tiếp tiếp công dân tại trụ sở ít nhất 01 ngày trong 01 tuần; trùng ngày nghỉ "
     "thì tiếp vào ngày làm việc tiếp theo (thông lệ của các xã, [B])."),
    ("dialogue", "", 1, "year", GRASSROOTS_DEMOCRACY_2022,
     "Luật Thực hiện dân chủ ở cơ sở 2022 (số 10/2022/QH15), điều 32",
     "UBND xã phối hợp với Ủy ban MTTQ xã tổ chức hội nghị trao đổi, đối thoại với Nhân dân ít nhất mỗi năm một lần."),
]


def forward(apps, schema_editor):
    MeetingDuty = apps.get_model("reception", "MeetingDuty")
    for kind, capacity, times, period, valid_from, basis, note in ROWS:
        MeetingDuty.objects.get_or_create(
            kind=kind,
            capacity=capacity,
            valid_from=valid_from,
            defaults={"times": times, "period": period, "legal_basis": basis, "note": note},
        )


class Migration(migrations.Migration):
    dependencies = [("reception", "0001_reception_dialogues_field_visits")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
