from datetime import date

from django.db import migrations

DECREE_30 = "Nghị định 30/2020/NĐ-CP ngày 05/03/2020 về công tác văn thư, Phụ lục I (thể thức văn bản)"
ONE_STOP = (
    "Thông tư 01/2018/TT-VPCP ngày 23/11/2018, mẫu 01–04 (Nghị định 61/2018/NĐ-CP); "
    "cần rà soát theo Nghị định 118/2025/NĐ-CP và Thông tư 03/2025/TT-VPCP"
)
DEFAULTS = [
    ("apology", "TXL-UBND", DECREE_30),
    ("thanks", "TCO-UBND", DECREE_30),
    ("congratulations_birth", "TCM-UBND", DECREE_30),
    ("congratulations_marriage", "TCM-UBND", DECREE_30),
    ("new_year", "TCT-UBND", DECREE_30),
    ("condolence", "TCB-UBND", DECREE_30),
    ("receipt", "", ONE_STOP),
    ("supplement_request", "", ONE_STOP),
    ("rejection", "", ONE_STOP),
    ("postponement_slip", "", ONE_STOP),
]


def forward(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    for kind, symbol, basis in DEFAULTS:
        LetterTemplate.objects.get_or_create(
            kind=kind,
            commune=None,
            valid_from=date(2020, 3, 5),
            defaults={"symbol": symbol, "legal_basis": basis, "file_name": f"{kind}.docx"},
        )


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial_letters_and_register")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
