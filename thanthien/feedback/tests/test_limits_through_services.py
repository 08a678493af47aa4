"""Every legal limit of LAW.md §1a–§1c, reached through the services as officials would, on either database.

The same hand-computed dates as the pure rules' test (law.CASES): receive on the start day, accept on it
when the limit runs from acceptance, classify as complex, extend, or give the initial handling its longer
limit, then read the due date off the case.
"""

import pytest

from conftest import make_person
from thanthien.feedback import services
from thanthien.feedback.services import Identity
from thanthien.feedback.tests.law import CASES
from thanthien.units.models import Role

pytestmark = pytest.mark.django_db

RECEIPT = {
    "complaint": {"kind": "complaint", "channel": "desk"},
    "denunciation": {"kind": "denunciation", "channel": "desk"},
    "reception": {"kind": "reflection", "channel": "reception_session"},
    "feedback": {"kind": "reflection", "channel": "hotline"},
}
FROM_ACCEPTANCE = {"resolve", "notify"}


@pytest.mark.parametrize(
    ("what", "kind", "step", "start", "extra", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_each_legal_limit_through_the_services(what, kind, step, start, extra, expected, commune):
    officer = make_person("tiepdan", commune, Role.DESK_OFFICER, "Đỗ Thị Tiếp")
    leader = make_person("chutich_xa", commune, Role.LEADER, "Hoàng Văn Chủ")
    item = services.receive_feedback(
        commune,
        by=officer,
        content="Nội dung",
        received_on=start,
        instance=extra.get("instance", ""),
        is_remote_area=extra.get("is_remote_area", False),
        is_signed=True,
        identity=Identity("Nguyễn Thị Mận", "Thôn Trung", "0913 111 222"),
        **RECEIPT[kind],
    )
    if extra.get("is_complex"):
        item = services.classify_feedback(
            item,
            by=officer,
            kind=item.kind,
            topic=item.topic,
            instance=item.instance,
            is_complex=True,
            is_remote_area=item.is_remote_area,
        )
    if extra.get("is_initial_handling_extended"):
        item = services.extend_initial_handling(item, by=leader, reason="Xác minh ở nhiều nơi")
    if step in FROM_ACCEPTANCE:
        item = services.accept_feedback(item, by=leader, accepted_on=start)
    for number in range(extra.get("extensions", 0)):
        item = services.extend_resolution(item, by=leader, reason=f"Gia hạn lần {number + 1}")

    assert getattr(item, f"{step}_due_on") == expected
