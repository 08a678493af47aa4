"""Helpers to build disclosure data in tests."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_unit
from thanthien.disclosure import services
from thanthien.disclosure.models import DisclosureObligation
from thanthien.units.models import Household

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "du-toan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def budget() -> DisclosureObligation:
    return DisclosureObligation.objects.get(code="budget")  # 30 days to publish, 90 days posted


def village(commune, code: str = "t1", name: str = "Thôn Đông"):
    return make_unit(f"{commune.code}-{code}", name, "village", commune)


def item(commune, by, *, approved_on=date(2026, 1, 5), title="Dự toán ngân sách xã năm 2026", **extra):
    return services.publish_disclosure(
        commune, by=by, obligation=budget(), title=title, approved_on=approved_on, **extra
    )


def household(village, head_name="Lê Văn Hộ", phone="0912345678"):
    return Household.objects.create(village=village, head_name=head_name, address="Xóm 1", phone=phone)
