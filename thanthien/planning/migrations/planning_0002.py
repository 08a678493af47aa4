"""Ship the model plans of seeds 000, 001 and 004 and the two conduct codes of seeds 003 and 004 as data."""

from django.db import migrations

TARGETS = [
    {"label": "Tỷ lệ hài lòng ≥ 97%", "figure": "ratings.satisfaction_rate", "comparison": "gte", "value": 97},
    {"label": "100% hồ sơ giải quyết đúng hạn", "figure": "dossiers.on_time_rate", "comparison": "gte",
     "value": 100},
    {"label": "Ít nhất 01 hội nghị đối thoại mỗi năm", "figure": "dialogues.commune", "comparison": "gte",
     "value": 1},
    {"label": "Không có nhiệm vụ quá hạn", "figure": "tasks.overdue", "comparison": "lte", "value": 0},
]

TEMPLATES = [
    {
        "code": "seed-000",
        "name": "Kế hoạch xây dựng mô hình \u201cChính quyền thân thiện, vì Nhân dân phục vụ\u201d (theo mẫu huyện ủy)",
        "source": "Kế hoạch của Huyện ủy Thạch Thành, 2023 (hạt giống 000)",
        "legal_basis": "Quy chế dân chủ ở cơ sở; Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15; "
        "kế hoạch của cấp ủy cấp trên về xây dựng mô hình.",
        "steps": [
            {"title": "Khảo sát lựa chọn đơn vị, khảo sát mức độ hài lòng đầu kỳ", "start_month": 1,
             "end_month": 1},
            {"title": "Hội nghị triển khai, ra mắt mô hình và tập huấn công tác dân vận chính quyền",
             "start_month": 2, "end_month": 2},
            {"title": "Tổ chức triển khai thực hiện các nội dung của mô hình", "start_month": 3,
             "end_month": 10},
            {"title": "Hội nghị đối thoại giữa chính quyền với MTTQ, các đoàn thể và Nhân dân",
             "start_month": 5, "end_month": 10},
            {"title": "Kiểm tra, sơ kết việc thực hiện mô hình", "start_month": 6, "end_month": 6},
            {"title": "Tổng kết, đánh giá kết quả xây dựng mô hình", "start_month": 11, "end_month": 12},
        ],
        "targets": TARGETS,
    },
    {
        "code": "seed-001",
        "name": "Kế hoạch nhân rộng mô hình \u201cChính quyền thân thiện, vì Nhân dân phục vụ\u201d (theo mẫu UBND thị xã)",
        "source": "Kế hoạch của UBND thị xã Duy Tiên, 31/12/2020 (hạt giống 001)",
        "legal_basis": "Nghị định số 61/2018/NĐ-CP về cơ chế một cửa, một cửa liên thông; "
        "kế hoạch của UBND cấp trên về nhân rộng mô hình.",
        "steps": [
            {"title": "Khảo sát mức độ hài lòng của người dân trước khi triển khai", "start_month": 1,
             "end_month": 1},
            {"title": "Chuẩn bị Bộ phận một cửa: trang thiết bị, niêm yết thủ tục, biểu mẫu, phí, lệ phí",
             "start_month": 1, "end_month": 2},
            {"title": "Ra mắt mô hình, ký cam kết \u201c5 biết, 3 không, 4 thể hiện\u201d",
             "start_month": 2, "end_month": 2},
            {"title": "Thực hiện: phiếu đánh giá sau mỗi lượt phục vụ, thư xin lỗi, cảm ơn, chúc mừng, chia buồn",
             "start_month": 3, "end_month": 12},
            {"title": "Báo cáo 6 tháng (trước 15/6)", "start_month": 6, "end_month": 6},
            {"title": "Báo cáo năm (trước 15/12)", "start_month": 12, "end_month": 12},
        ],
        "targets": TARGETS,
    },
    {
        "code": "seed-004",
        "name": "Kế hoạch xây dựng chính quyền thân thiện giai đoạn 2023-2025 (theo mẫu UBND xã)",
        "source": "Kế hoạch của UBND xã Xuân Lương, 2023 (hạt giống 004)",
        "legal_basis": "Quyết định số 3064/QĐ-UBND ngày 13/10/2022 của UBND tỉnh Bắc Giang ban hành bộ tiêu chí; "
        "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15.",
        "steps": [
            {"title": "Thành lập Ban chỉ đạo, ban hành kế hoạch và quy chế", "start_month": 1, "end_month": 1},
            {"title": "Niêm yết thủ tục, số điện thoại cán bộ; hòm thư góp ý, Zalo, Facebook, thư điện tử",
             "start_month": 1, "end_month": 2},
            {"title": "Thực hiện \u201c4 xin, 4 luôn, 5 không\u201d; đeo thẻ, trang phục", "start_month": 2,
             "end_month": 12},
            {"title": "Tự đánh giá chấm điểm theo bộ tiêu chí, đăng ký công nhận", "start_month": 10,
             "end_month": 11},
            {"title": "Sơ kết, tổng kết năm", "start_month": 12, "end_month": 12},
        ],
        "targets": TARGETS,
    },
]

CODES = [
    {
        "name": "5 biết, 3 không, 4 thể hiện",
        "source": "Báo cáo của UBND xã Hoằng Cát, 2023 (hạt giống 003); Kế hoạch thị xã Duy Tiên (001)",
        "rules": [
            ("5 biết", "Biết nghe dân nói"), ("5 biết", "Biết nói dân hiểu"), ("5 biết", "Biết làm dân tin"),
            ("5 biết", "Biết xin lỗi"), ("5 biết", "Biết cảm ơn"),
            ("3 không", "Không phiền hà, sách nhiễu"), ("3 không", "Không né tránh trách nhiệm"),
            ("3 không", "Không trễ hẹn trong quá trình xử lý công việc"),
            ("4 thể hiện", "Tôn trọng trong quan hệ giao tiếp"),
            ("4 thể hiện", "Văn minh, văn hóa, lịch sự trong giải quyết công việc"),
            ("4 thể hiện", "Lắng nghe đầy đủ, hướng dẫn tận tình quy trình xử lý công việc"),
            ("4 thể hiện", "Gần gũi, giải thích cặn kẽ"),
        ],
    },
    {
        "name": "4 xin, 4 luôn, 5 không",
        "source": "Kế hoạch của UBND xã Xuân Lương, 2023 (hạt giống 004)",
        "rules": [
            ("4 xin", "Xin chào"), ("4 xin", "Xin lỗi"), ("4 xin", "Xin phép"), ("4 xin", "Xin cảm ơn"),
            ("4 luôn", "Luôn mỉm cười"), ("4 luôn", "Luôn nhẹ nhàng"), ("4 luôn", "Luôn lắng nghe"),
            ("4 luôn", "Luôn giúp đỡ"),
            ("5 không", "Không cửa quyền, hách dịch, gây khó khăn, phiền hà"),
            ("5 không", "Không quan liêu, vô cảm, vô trách nhiệm"),
            ("5 không", "Không tham nhũng, lãng phí, lợi ích nhóm"),
            ("5 không", "Không xu nịnh, chạy chọt, gian dối"),
            ("5 không", "Không lợi dụng chức vụ, quyền hạn trong thực thi công vụ"),
        ],
    },
]


def forward(apps, schema_editor):
    PlanTemplate = apps.get_model("planning", "PlanTemplate")
    ConductCode = apps.get_model("planning", "ConductCode")
    ConductRule = apps.get_model("planning", "ConductRule")
    for template in TEMPLATES:
        PlanTemplate.objects.update_or_create(code=template["code"], defaults={
            k: v for k, v in template.items() if k != "code"})
    for code in CODES:
        if ConductCode.objects.filter(commune=None, name=code["name"]).exists():
            continue
        row = ConductCode.objects.create(name=code["name"], source=code["source"])
        for order, (group, text) in enumerate(code["rules"], start=1):
            ConductRule.objects.create(code=row, group=group, text=text, order=order)


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_plans_tasks_conduct_supervision")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
