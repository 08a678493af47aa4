"""Every form of the app, rendered in Vietnamese: no two fields of a form share a label, a date or time
field is labelled with a word of time (not with a translation meant for something else, such as "Kính gửi"
for "To" or "Từ địa chỉ" for "From"), and a browser date input shows its value (ISO yyyy-mm-dd).

Forms are discovered, not listed: every module of thanthien (tests and migrations aside) is imported and
every Form subclass defined there is instantiated, its constructor's keyword arguments filled by name
from `ARGUMENTS` (or by `FACTORIES` for a form that needs more).
"""

import importlib
import inspect
import pkgutil
import re
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.utils import translation

import thanthien
from thanthien.feedback.models import FeedbackItem
from thanthien.ratings.models import RatingLevel, SurveyCampaign
from thanthien.units.models import Official, Role, Unit

pytestmark = pytest.mark.django_db

SKIPPED_MODULES = ("tests", "migrations", "management", "wsgi", "settings", "run", "cli")
# A date or time label in Vietnamese names a time: a day, an hour, a deadline, a period, a bound of a range.
TIME_WORDS = re.compile(r"ngày|giờ|thời gian|thời điểm|thời hạn|hạn|tháng|năm|kỳ|từ|đến|lúc")
# Words of other meanings that a shared English msgid ("From", "To") brings to a date or time field.
FOREIGN_WORDS = re.compile(r"địa chỉ|kính gửi")
DAY, MOMENT = date(2026, 3, 9), datetime(2026, 3, 9, 8, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


def discover_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(thanthien.__path__, "thanthien."):
        parts = module.name.split(".")
        if not any(part in SKIPPED_MODULES or part.startswith("test") for part in parts[1:]):
            importlib.import_module(module.name)
    found, todo = set(), [forms.BaseForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            ours = subclass.__module__.startswith("thanthien.") and ".tests" not in subclass.__module__
            if ours and not subclass.__name__.startswith("_"):  # a private base is no form of its own
                found.add(subclass)
    return sorted(found, key=lambda form: f"{form.__module__}.{form.__qualname__}")


def setting_forms() -> list[type[forms.BaseForm]]:
    """The settings pages build one form per kind of setting (configuration.kinds): each is a form."""
    from thanthien.configuration.forms import setting_form_class
    from thanthien.configuration.kinds import KINDS

    built: list[type[forms.BaseForm]] = []
    for kind in KINDS:
        form_class = setting_form_class(kind, new_setting=True)
        form_class.setting_kind = kind  # type: ignore[attr-defined]  # marks it for build() below
        form_class.__qualname__ = f"SettingVersionForm[{kind.slug}]"
        built.append(form_class)
    return built


FORMS = [form for form in discover_forms() if form.__name__ != "SettingVersionForm"] + setting_forms()


def arguments(commune: Unit) -> dict[str, Callable[[], Any]]:
    """Constructor keyword arguments, by name: one commune's choices."""
    villages = Unit.objects.filter(parent=commune)
    return {
        "commune": lambda: commune,
        "communes": lambda: Unit.objects.filter(pk=commune.pk),
        "units": lambda: Unit.objects.filter(pk=commune.pk),
        "villages": lambda: villages,
        "officials": lambda: Official.objects.filter(unit=commune),
        "campaigns": lambda: SurveyCampaign.objects.none(),
        "levels": lambda: RatingLevel.objects.none(),
        "questions": lambda: [],
        "targets": lambda: {},
        "today": lambda: DAY,
        "roles": lambda: [(Role.DESK_OFFICER, Role.DESK_OFFICER.label)],
        "item": lambda: None,
        "phone": lambda: False,
    }


# Forms whose arguments differ from the names' usual meaning.
FACTORIES: dict[str, Callable[[Unit], dict[str, Any]]] = {
    "QuotaForm": lambda commune: {"villages": list(Unit.objects.filter(parent=commune)), "targets": {}},
    # The commune of the test has its members.
    "NewPasswordChangeForm": lambda commune: {"user": commune.memberships.first().user},  # type: ignore[union-attr]
}


def build(form_class: type[Any], commune: Unit) -> forms.BaseForm:  # any form, its arguments found by name
    """Instantiate a form unbound, its arguments found by name up the chain of constructors."""
    if form_class.__name__ in FACTORIES:
        return form_class(**FACTORIES[form_class.__name__](commune))
    if hasattr(form_class, "setting_kind"):
        return form_class(kind=form_class.setting_kind, units=Unit.objects.filter(pk=commune.pk))
    by_name = arguments(commune)
    parameters = inspect.signature(form_class.__init__).parameters
    needs_data = "data" in parameters and parameters["data"].default is parameters["data"].empty
    args: list[dict[str, Any]] = [{}] if needs_data else []
    kwargs = {
        name: by_name[name]()
        for name, parameter in parameters.items()
        if (parameter.kind is parameter.KEYWORD_ONLY and parameter.default is parameter.empty)
        or (parameter.default is None and name in by_name and name != "item")
    }
    for _attempt in range(3):  # a subclass passing **kwargs on: the parent's names come in its TypeError
        try:
            return form_class(*args, **kwargs)
        except TypeError as error:
            missing = re.findall(r"'(\w+)'", str(error).split("argument", 1)[-1])
            if "missing" not in str(error) or not missing:
                raise
            if "positional" in str(error):
                args = [{}]
            else:
                kwargs |= {name: by_name[name]() for name in missing}
    raise AssertionError(f"cannot build {form_class.__name__}")


@pytest.fixture
def commune_with_people(commune, leader):
    Unit.objects.create(
        code="38-hc-1",
        name="Thôn Cát Lợi",
        level="village",
        kind="village",
        parent=commune,
        path=f"{commune.path}/38-hc-1",
    )
    Official.objects.create(unit=commune, full_name="Nguyễn Văn Chủ Tịch", title="Chủ tịch UBND xã")
    FeedbackItem  # noqa: B018  (imported so that the feedback forms' choices are loaded)
    return commune


def test_the_forms_of_every_app_are_found():
    names = {form.__name__ for form in FORMS}

    assert {"RuleForm", "GenerateForm", "AdHocSessionForm", "ReportTextForm", "IntakeForm"} <= names
    assert len(FORMS) > 80


@pytest.mark.parametrize("form_class", FORMS, ids=lambda form: f"{form.__module__}.{form.__qualname__}")
def test_a_form_renders_in_vietnamese_with_a_distinct_label_for_each_field(form_class, commune_with_people):
    form = build(form_class, commune_with_people)

    with translation.override("vi"):
        html = form.render() if hasattr(form, "render") else str(form)
        labels = [str(form[name].label) for name, field in form.fields.items() if _shown(field)]

    assert html or not form.fields
    shared = [label for label, count in Counter(labels).items() if count > 1]
    assert shared == [], f"{form_class.__name__}: fields share the label(s) {shared}"


@pytest.mark.parametrize("form_class", FORMS, ids=lambda form: f"{form.__module__}.{form.__qualname__}")
def test_a_date_or_time_field_is_labelled_with_a_word_of_time(form_class, commune_with_people):
    form = build(form_class, commune_with_people)

    with translation.override("vi"):
        wrong = {
            name: str(form[name].label)
            for name, field in form.fields.items()
            if isinstance(field, forms.DateField | forms.TimeField | forms.DateTimeField) and _shown(field)
            if not TIME_WORDS.search(str(form[name].label).lower())
            or FOREIGN_WORDS.search(str(form[name].label).lower())
        }

    assert wrong == {}, f"{form_class.__name__}: date or time fields labelled {wrong}"


@pytest.mark.parametrize("form_class", FORMS, ids=lambda form: f"{form.__module__}.{form.__qualname__}")
def test_a_browser_date_input_shows_its_value_in_iso_format(form_class, commune_with_people):
    form = build(form_class, commune_with_people)
    expected = {"date": DAY.isoformat(), "datetime-local": "2026-03-09T08:30", "time": "08:30"}

    with translation.override("vi"):
        rendered = {
            name: (field.widget.input_type, _value(field.widget.render(name, _sample(field))))
            for name, field in form.fields.items()
            if getattr(field.widget, "input_type", "") in expected
        }

    wrong = {name: value for name, (kind, value) in rendered.items() if value != expected[kind]}
    assert wrong == {}, f"{form_class.__name__}: the browser cannot show {wrong}"


def _shown(field: forms.Field) -> bool:
    return not field.widget.is_hidden


def _sample(field: forms.Field) -> Any:
    if isinstance(field, forms.DateTimeField):
        return MOMENT
    if isinstance(field, forms.TimeField):
        return time(8, 30)
    return DAY


def _value(html: str) -> str:
    found = re.search(r'value="([^"]*)"', html)
    return found.group(1) if found else ""
