"""Give the starter catalogue's calendar-day procedures their unit, and cite the article that says so.

Land-dispute mediation, domestic adoption and the two beliefs/religion registrations have limits the law
writes in plain "ngày": calendar days (Civil Code 2015 arts. 147–148; LAW.md §1e). Every other row keeps
"working_days", the field's default. A row is changed only while it still has the starter's time limit
(a commune that changed the limit has its own reading); the legal basis only while it is the starter's text.
The data is copied here, not read from the JSON file, so this migration means the same thing forever.
"""

from django.db import migrations

# (code, starter time limit, starter legal basis, corrected legal basis)
CALENDAR_DAY_PROCEDURES = [
    (
        "XA-NCN-01",
        30,
        "Luật Nuôi con nuôi 2010, Điều 17–22; Nghị định 19/2011/NĐ-CP; Nghị định 24/2019/NĐ-CP; Nghị định 114/2016/NĐ-CP. Thời hạn 30 ngày kể từ ngày nhận đủ hồ sơ hợp lệ.",
        "Luật Nuôi con nuôi 2010, Điều 17–22 (Điều 19: giải quyết trong 30 ngày kể từ ngày nhận đủ hồ sơ hợp lệ); Nghị định 19/2011/NĐ-CP; Nghị định 24/2019/NĐ-CP; Nghị định 114/2016/NĐ-CP. Luật viết “ngày”, không phải “ngày làm việc”: tính theo ngày lịch, không tính ngày nhận; ngày cuối cùng trùng ngày nghỉ thì hết hạn vào cuối ngày làm việc tiếp theo (Bộ luật Dân sự 2015, Điều 147–148).",
    ),
    (
        "XA-DD-01",
        30,
        "Luật Đất đai 2024, Điều 235; Nghị định 102/2024/NĐ-CP. Không quá 30 ngày kể từ ngày nhận đơn (ngày theo lịch, không phải ngày làm việc); Luật Đất đai 2013 trước đây quy định 45 ngày.",
        "Luật Đất đai 2024, Điều 235 khoản 2: thời hạn hòa giải tại Ủy ban nhân dân cấp xã không quá 30 ngày kể từ ngày nhận được đơn; Nghị định 102/2024/NĐ-CP. Luật viết “ngày”, không phải “ngày làm việc”: tính theo ngày lịch, không tính ngày nhận; ngày cuối cùng trùng ngày nghỉ thì hết hạn vào cuối ngày làm việc tiếp theo (Bộ luật Dân sự 2015, Điều 147–148). Luật Đất đai 2013 trước đây quy định 45 ngày.",
    ),
    (
        "XA-TG-01",
        15,
        "Luật Tín ngưỡng, tôn giáo 2016, Điều 12; Nghị định 95/2023/NĐ-CP. Trả lời bằng văn bản trong 15 ngày kể từ ngày nhận văn bản đăng ký hợp lệ.",
        "Luật Tín ngưỡng, tôn giáo 2016, Điều 12: trả lời bằng văn bản trong 15 ngày kể từ ngày nhận văn bản đăng ký hợp lệ; Nghị định 95/2023/NĐ-CP. Luật viết “ngày”, không phải “ngày làm việc”: tính theo ngày lịch, không tính ngày nhận; ngày cuối cùng trùng ngày nghỉ thì hết hạn vào cuối ngày làm việc tiếp theo (Bộ luật Dân sự 2015, Điều 147–148).",
    ),
    (
        "XA-TG-02",
        20,
        "Luật Tín ngưỡng, tôn giáo 2016, Điều 16; Nghị định 95/2023/NĐ-CP.",
        "Luật Tín ngưỡng, tôn giáo 2016, Điều 16: trả lời bằng văn bản trong 20 ngày kể từ ngày nhận đủ hồ sơ hợp lệ; Nghị định 95/2023/NĐ-CP. Luật viết “ngày”, không phải “ngày làm việc”: tính theo ngày lịch, không tính ngày nhận; ngày cuối cùng trùng ngày nghỉ thì hết hạn vào cuối ngày làm việc tiếp theo (Bộ luật Dân sự 2015, Điều 147–148).",
    ),
]


def fill_time_limit_unit(apps, schema_editor):
    Procedure = apps.get_model("procedures", "Procedure")
    for code, days, old_basis, new_basis in CALENDAR_DAY_PROCEDURES:
        Procedure.objects.filter(code=code, time_limit_days=days).update(time_limit_unit="calendar_days")
        Procedure.objects.filter(code=code, legal_basis=old_basis).update(legal_basis=new_basis)


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0003_time_limit_unit"),
    ]

    operations = [
        migrations.RunPython(fill_time_limit_unit, migrations.RunPython.noop),
    ]
