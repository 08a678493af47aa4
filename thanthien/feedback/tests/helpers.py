"""Cases for the tests, received and taken through their steps by the services, as officials would."""

from datetime import date

from thanthien.feedback import services
from thanthien.feedback.services import Identity
from thanthien.units.models import Official


def official_for(user, commune, **extra):
    official, _created = Official.objects.update_or_create(
        user=user, defaults={"unit": commune, "full_name": user.full_name, "title": "Công chức", **extra}
    )
    return official


def receive(officer, commune, kind="reflection", **extra):
    fields = {
        "channel": "hotline",
        "content": "Đường liên thôn Đông – Tây bị sụt lún sau mưa lớn.",
        "topic": "infrastructure",
        "received_on": date(2026, 11, 2),
    }
    return services.receive_feedback(commune, by=officer, kind=kind, **{**fields, **extra})


def signed_complaint(officer, commune, **extra):
    fields = {
        "channel": "desk",
        "content": "Khiếu nại quyết định thu hồi đất.",
        "topic": "land",
        "is_signed": True,
        "identity": Identity("Lê Văn Đức", "Thôn Tây", "0987 654 321"),
        "received_on": date(2026, 11, 2),
    }
    return services.receive_feedback(commune, by=officer, kind="complaint", **{**fields, **extra})


def signed_denunciation(officer, commune, identity=None, **extra):
    fields = {
        "channel": "desk",
        "content": "Tố cáo cán bộ địa chính nhận tiền.",
        "is_signed": True,
        "identity": identity or Identity("Phạm Thị Hoa", "Thôn Đông", "0912 345 678"),
        "received_on": date(2026, 11, 2),
    }
    return services.receive_feedback(commune, by=officer, kind="denunciation", **{**fields, **extra})


def accepted_and_assigned(item, leader, user, commune, accepted_on=date(2026, 11, 3)):
    item = services.accept_feedback(item, by=leader, accepted_on=accepted_on)
    return services.assign_feedback(item, by=leader, assignee=official_for(user, commune))
