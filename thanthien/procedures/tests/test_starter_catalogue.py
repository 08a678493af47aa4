"""The starter catalogue: shipped as a data file and loaded by the migrations."""

import importlib
import json
from pathlib import Path

import pytest
from django.apps import apps

from thanthien.core.text import fold_vietnamese
from thanthien.procedures.models import Procedure

DATA = Path(__file__).resolve().parent.parent / "data" / "starter_catalogue.json"
migration = importlib.import_module("thanthien.procedures.migrations.0002_fill_starter_catalogue")


def entries() -> list[dict]:
    return json.loads(DATA.read_text(encoding="utf-8"))["procedures"]


def test_the_data_file_says_its_figures_must_be_checked_by_the_commune():
    source = json.loads(DATA.read_text(encoding="utf-8"))["source"]

    assert "checked" in source
    assert "not national procedure codes" in source


def test_every_entry_is_valid_for_the_model():
    codes = [entry["code"] for entry in entries()]

    assert len(codes) == len(set(codes))
    for entry in entries():
        assert entry["online_level"] in Procedure.OnlineLevel.values
        assert entry["result_kind"] in Procedure.ResultKind.values
        assert entry["time_limit_days"] >= 0
        assert entry["required_papers"], entry["code"]


@pytest.mark.parametrize(
    "text", ["Đăng ký kết hôn", "ĐỒNG Ý", "Chứng thực   bản sao", "Hòa giải tranh chấp đất đai"]
)
def test_the_migration_folds_text_like_the_app(text):
    assert migration.fold(text) == fold_vietnamese(text)


@pytest.mark.django_db
def test_the_migrations_load_the_starter_catalogue():
    loaded = Procedure.objects.filter(code__in=[entry["code"] for entry in entries()])

    assert loaded.count() == len(entries()) > 25
    assert set(loaded.values_list("result_kind", flat=True)) == set(Procedure.ResultKind.values)


@pytest.mark.django_db
def test_starter_procedures_can_be_found_without_diacritics():
    marriage = Procedure.objects.get(code="XA-HT-02")

    assert marriage.name == "Đăng ký kết hôn"
    assert marriage.search_key == "xa-ht-02 dang ky ket hon ho tich"
    assert marriage.result_kind == Procedure.ResultKind.MARRIAGE
    assert len(marriage.papers) >= 2


@pytest.mark.django_db
def test_loading_again_keeps_an_administrators_edits():
    Procedure.objects.filter(code="XA-HT-01").update(name="Đăng ký khai sinh (đã sửa)")

    migration.fill_starter_catalogue(apps, None)

    assert Procedure.objects.get(code="XA-HT-01").name == "Đăng ký khai sinh (đã sửa)"
    assert Procedure.objects.filter(code="XA-HT-01").count() == 1
