"""Write a schemathesis config whose dictionaries hold real codes of the demo commune, for .ci/run.

    DJANGO_SETTINGS_MODULE=thanthien.settings .venv/bin/python .ci/fuzz_values.py OUT.toml

With only random strings nearly every request ends in 404 (no such commune, dossier or case) and the code
behind the look-ups is never reached. Half of the generated values of each parameter below are drawn from
these real ones instead. Two feedback cases are recorded for the tracking codes.
"""

from __future__ import annotations

import json
import os
import sys


def main(out: str) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thanthien.settings")
    import django

    django.setup()
    from thanthien.dossiers.models import Dossier
    from thanthien.feedback import services
    from thanthien.feedback.models import FeedbackItem
    from thanthien.procedures.models import Procedure
    from thanthien.units.demo import DEMO_SLUG
    from thanthien.units.models import Official, Unit

    commune = Unit.objects.get(slug=DEMO_SLUG)
    desk = Official.objects.get(user__username="motcua")
    for kind, name in ((FeedbackItem.Kind.RECOMMENDATION, ""), (FeedbackItem.Kind.COMPLAINT, "Lê Văn Bảy")):
        services.receive_feedback(
            commune,
            by=desk.user,
            kind=kind,
            channel=FeedbackItem.Channel.DESK,
            content="Đề nghị sửa đường liên thôn.",
            identity=services.Identity(name, "Thôn 2") if name else None,
            is_signed=bool(name),
        )
    values = {
        "commune_code": [commune.code],
        "unit_code": [commune.code, commune.parent.code],
        "village_code": list(Unit.objects.filter(parent=commune).values_list("code", flat=True)),
        "procedure_code": list(Procedure.objects.values_list("code", flat=True)[:20]),
        "dossier_code": list(Dossier.objects.filter(commune=commune).values_list("code", flat=True)[:20]),
        "tracking_code": list(FeedbackItem.objects.values_list("tracking_code", flat=True)),
        "official_id": list(Official.objects.filter(unit=commune).values_list("pk", flat=True)),
    }
    bindings = {
        "body.commune_code": "commune_code",
        "query.unit": "unit_code",
        "body.village_code": "village_code",
        "body.procedure_code": "procedure_code",
        "path.code": "dossier_code",
        "body.dossier_code": "dossier_code",
        "path.tracking_code": "tracking_code",
        "body.official_id": "official_id",
        "body.assignee_id": "official_id",
    }
    lines = ["[cache]", "enabled = false  # each run the same: no crashes replayed from an earlier one", ""]
    for name, entries in values.items():
        if not entries:
            print(f"[ci] no {name} in the demo data", file=sys.stderr)
            return 1
        lines += [f"[dictionaries.{name}]", f"values = {json.dumps(entries, ensure_ascii=False)}", ""]
    lines.append("[parameters]")
    for key, name in bindings.items():
        lines.append(f'"{key}" = {{ dictionary = "{name}", probability = 0.5 }}')
    with open(out, "w", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
