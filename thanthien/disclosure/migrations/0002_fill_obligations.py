"""The disclosure obligations of a commune's People's Committee, from the Law on Grassroots Democracy
(10/2022/QH15, in force 01/07/2023), art. 11 (what the commune publishes), art. 12 (how: posting at the
commune office, the website, the loudspeaker system, through village heads) and art. 13 (when and for how
long). Certainty: A read in the text, B reliable secondary sources, C inferred — the days are [C] unless
stated: the exact numbers of art. 13 were not checked against the official text and an administrator must
confirm them (admin > Disclosure obligations) before the compliance rate is used for scoring."""

from datetime import date

from django.db import migrations

LAW = "Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15"
ALL = ["commune_office", "culture_house", "website", "loudspeaker"]
OFFICE_WEB = ["commune_office", "website"]

# code, Vietnamese name, legal basis, certainty, places, min posting days, publish within days, note
OBLIGATIONS = [
    ("policies", "Chính sách, pháp luật liên quan trực tiếp đến người dân", f"{LAW}, Điều 11 khoản 1", "B", ALL, 30, 5, ""),
    ("socio_economic_plan", "Kế hoạch phát triển kinh tế - xã hội hằng năm và kết quả thực hiện", f"{LAW}, Điều 11 khoản 2", "B", ALL, 30, 5, ""),
    ("budget", "Dự toán, quyết toán ngân sách xã", f"{LAW}, Điều 11 khoản 3; Thông tư 343/2016/TT-BTC", "B", ALL, 90, 30,
     "Thông tư 343/2016/TT-BTC: công khai trong 30 ngày kể từ khi được phê chuẩn, niêm yết ít nhất 90 ngày [C]."),
    ("investment_projects", "Chương trình, dự án, công trình đầu tư công trên địa bàn xã", f"{LAW}, Điều 11 khoản 3", "B", ALL, 30, 5, ""),
    ("land_use", "Quy hoạch, kế hoạch sử dụng đất; bồi thường, hỗ trợ, tái định cư", f"{LAW}, Điều 11 khoản 4; Luật Đất đai 2024", "B", ALL, 30, 5, ""),
    ("fees", "Đối tượng, mức thu các loại phí, lệ phí và khoản đóng góp", f"{LAW}, Điều 11 khoản 6", "B", OFFICE_WEB, 30, 5, ""),
    ("beneficiaries", "Tiêu chuẩn, đối tượng, kết quả bình xét hộ nghèo, cận nghèo và người thụ hưởng chính sách an sinh xã hội",
     f"{LAW}, Điều 11 khoản 7", "B", ALL, 30, 5, "Danh sách người thụ hưởng: chỉ viết tắt họ tên và thôn (Luật 91/2025/QH15)."),
    ("complaint_results", "Kết quả giải quyết khiếu nại, tố cáo, kiến nghị, phản ánh", f"{LAW}, Điều 11 khoản 8", "B", OFFICE_WEB, 30, 5, ""),
    ("inspection_results", "Kết luận thanh tra, kiểm tra, kiểm toán đối với xã", f"{LAW}, Điều 11 khoản 9", "C", OFFICE_WEB, 30, 5, ""),
    ("procedures", "Thủ tục hành chính và kết quả giải quyết", f"{LAW}, Điều 11; Nghị định 63/2010/NĐ-CP", "B", OFFICE_WEB, None, None,
     "Niêm yết thường xuyên tại Bộ phận một cửa."),
    ("reception_rules", "Lịch, nội quy tiếp công dân", "Luật Tiếp công dân 42/2013/QH13, Điều 12", "B", OFFICE_WEB, None, None,
     "Niêm yết thường xuyên tại nơi tiếp công dân."),
    ("village_conventions", "Hương ước, quy ước của thôn, tổ dân phố", f"{LAW}, Điều 11; Chương V (cộng đồng dân cư)", "C", ["culture_house", "commune_office"], 30, 5, ""),
    ("officials_duties", "Chức năng, nhiệm vụ của cán bộ, công chức và số điện thoại lãnh đạo", f"{LAW}, Điều 11 khoản 10", "C", OFFICE_WEB, None, None, ""),
    ("grassroots_democracy_rules", "Quy chế thực hiện dân chủ ở cơ sở của xã", f"{LAW}, Điều 11", "C", ALL, None, None, ""),
]


def forward(apps, schema_editor):
    Obligation = apps.get_model("disclosure", "DisclosureObligation")
    for code, name, basis, certainty, places, min_days, within, note in OBLIGATIONS:
        Obligation.objects.get_or_create(
            code=code,
            valid_from=date(2023, 7, 1),
            defaults={"name": name, "legal_basis": basis, "certainty": certainty, "places": places,
                      "min_posting_days": min_days, "publish_within_days": within, "note": note},
        )


class Migration(migrations.Migration):
    dependencies = [("disclosure", "0001_disclosure_obligations_items_announcements")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
