"""The kinds of documents this app writes, and the placeholders each kind's Word template may use."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TemplateKind(models.TextChoices):
    # Letters of care (thư công), numbered in the register.
    APOLOGY = "apology", _("Apology letter")
    # An apology for something other than a late dossier, written by staff (letters.views.write_letter).
    APOLOGY_OTHER = "apology_other", _("Apology letter (another matter)")
    THANKS = "thanks", _("Thank-you letter")
    BIRTH = "congratulations_birth", _("Congratulations on a birth")
    MARRIAGE = "congratulations_marriage", _("Congratulations on a marriage")
    NEW_YEAR = "new_year", _("New Year letter")
    CONDOLENCE = "condolence", _("Condolence letter")
    # The one-stop desk's forms, printed from a dossier; not in the register.
    RECEIPT = "receipt", _("Receipt and appointment")
    SUPPLEMENT = "supplement_request", _("Supplement request")
    REJECTION = "rejection", _("Rejection slip")
    POSTPONEMENT = "postponement_slip", _("Apology slip with a new date")


LETTER_KINDS = (
    TemplateKind.APOLOGY,
    TemplateKind.APOLOGY_OTHER,
    TemplateKind.THANKS,
    TemplateKind.BIRTH,
    TemplateKind.MARRIAGE,
    TemplateKind.NEW_YEAR,
    TemplateKind.CONDOLENCE,
)
FORM_KINDS = (
    TemplateKind.RECEIPT,
    TemplateKind.SUPPLEMENT,
    TemplateKind.REJECTION,
    TemplateKind.POSTPONEMENT,
)
LETTER_KIND_CHOICES = [(kind.value, kind.label) for kind in LETTER_KINDS]

# The groups the reports count (seed 003: "0 apology, 116 congratulation, 36 condolence, 9 thank-you").
COUNT_GROUPS = {
    "apology": (TemplateKind.APOLOGY, TemplateKind.APOLOGY_OTHER),
    "congratulations": (TemplateKind.BIRTH, TemplateKind.MARRIAGE),
    "condolence": (TemplateKind.CONDOLENCE,),
    "thanks": (TemplateKind.THANKS,),
    "new_year": (TemplateKind.NEW_YEAR,),
}

# Every document has its head (issuing body, national name, date line), its addressee and its signature.
HEAD = {"issuing_body", "issuing_unit", "date_line"}
COMMON_OPTIONAL = {"commune_name", "place"}
LETTER_REQUIRED = HEAD | {
    "number_symbol",
    "recipient_name",
    "signer_authority",
    "signer_title",
    "signer_name",
}
# "ông", "bà" or "ông/bà" (letters.documents.honorific); "_title" starts a line ("Kính gửi: Bà …").
HONORIFIC = {"honorific", "honorific_title"}
LETTER_OPTIONAL = COMMON_OPTIONAL | HONORIFIC | {"recipient_address", "event_label"}
FORM_REQUIRED = HEAD | {"dossier_code", "recipient_name", "signer_title", "signer_name"}
FORM_OPTIONAL = COMMON_OPTIONAL | HONORIFIC | {"procedure_name", "recipient_address", "recipient_phone"}

REQUIRED: dict[str, set[str]] = {
    TemplateKind.APOLOGY: LETTER_REQUIRED | {"dossier_code", "new_due_date"},
    TemplateKind.APOLOGY_OTHER: LETTER_REQUIRED | {"subject", "matter", "remedy"},
    TemplateKind.THANKS: LETTER_REQUIRED | {"contribution"},
    TemplateKind.BIRTH: set(LETTER_REQUIRED),
    TemplateKind.MARRIAGE: set(LETTER_REQUIRED),
    TemplateKind.NEW_YEAR: LETTER_REQUIRED | {"year"},
    TemplateKind.CONDOLENCE: set(LETTER_REQUIRED),
    TemplateKind.RECEIPT: FORM_REQUIRED | {"received_at", "due_date"},
    TemplateKind.SUPPLEMENT: FORM_REQUIRED | {"missing_items"},
    TemplateKind.REJECTION: FORM_REQUIRED | {"reasons"},
    TemplateKind.POSTPONEMENT: FORM_REQUIRED | {"new_due_date"},
}
OPTIONAL: dict[str, set[str]] = {
    TemplateKind.APOLOGY: LETTER_OPTIONAL | {"procedure_name", "old_due_date", "reason", "received_on"},
    TemplateKind.APOLOGY_OTHER: set(LETTER_OPTIONAL),
    TemplateKind.THANKS: set(LETTER_OPTIONAL),
    TemplateKind.BIRTH: LETTER_OPTIONAL | {"event_date", "procedure_name"},
    TemplateKind.MARRIAGE: LETTER_OPTIONAL | {"event_date", "procedure_name"},
    TemplateKind.NEW_YEAR: LETTER_OPTIONAL | {"lunar_year"},
    TemplateKind.CONDOLENCE: LETTER_OPTIONAL | {"event_date", "procedure_name"},
    TemplateKind.RECEIPT: FORM_OPTIONAL | {"lookup_url"},
    TemplateKind.SUPPLEMENT: FORM_OPTIONAL | {"office", "reason", "requested_on"},
    TemplateKind.REJECTION: FORM_OPTIONAL | {"rejected_on"},
    TemplateKind.POSTPONEMENT: FORM_OPTIONAL | {"received_on", "old_due_date", "reason"},
}


def allowed_fields(kind: str) -> set[str]:
    """Return every placeholder a template of `kind` may use."""
    return REQUIRED[kind] | OPTIONAL[kind]


def placeholder_problems(kind: str, used: set[str]) -> tuple[list[str], list[str]]:
    """Return (unknown, missing): placeholders used but not known for `kind`, and required ones not used."""
    unknown = sorted(used - allowed_fields(kind))
    missing = sorted(REQUIRED[kind] - used)
    return unknown, missing
