"""Word versions of the one-stop desk's forms (receipt, supplement request, rejection, apology slip).

The desk prints the HTML versions from the dossier's page; these fill the commune's Word template of the
same form (Circular 01/2018/TT-VPCP, forms 01–04) with the same facts, for an official to sign and stamp.
"""

from datetime import date
from typing import Any

from django.utils import timezone

from thanthien.core.formatting import format_date
from thanthien.dossiers.models import Dossier, Postponement, Rejection, SupplementRequest
from thanthien.letters import documents, rendering
from thanthien.letters.kinds import TemplateKind


def _local_day(moment: Any) -> date:
    return timezone.localdate(moment)


def _common(dossier: Dossier, day: date, *, signer_title: str, signer: Any) -> dict[str, Any]:
    return {
        **rendering.head_fields(dossier.commune, day),
        **documents.honorific_fields(documents.honorific(dossier.applicant_gender)),
        "dossier_code": dossier.code,
        "procedure_name": documents.clause(dossier.procedure.name),
        "recipient_name": dossier.applicant_name,
        "recipient_address": dossier.applicant_address,
        "recipient_phone": dossier.applicant_phone,
        "signer_title": signer_title,
        "signer_name": str(signer) if signer else "",
    }


def receipt_context(dossier: Dossier, *, lookup_url: str) -> dict[str, Any]:
    """Return the fields of form 01, Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""
    received = timezone.localtime(dossier.received_at)
    return {
        **_common(dossier, received.date(), signer_title="NGƯỜI TIẾP NHẬN HỒ SƠ", signer=dossier.received_by),
        "received_at": f"{received:%H:%M} ngày {received:%d/%m/%Y}",
        "due_date": format_date(dossier.due_on),
        "lookup_url": lookup_url,
    }


def supplement_context(dossier: Dossier, supplement: SupplementRequest) -> dict[str, Any]:
    """Return the fields of form 02, Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ."""
    day = _local_day(supplement.requested_at)
    return {
        **_common(dossier, day, signer_title="NGƯỜI HƯỚNG DẪN", signer=supplement.requested_by),
        "office": supplement.office,
        "missing_items": supplement.missing_items,
        "reason": documents.clause(supplement.reason),
        "requested_on": format_date(day),
    }


def rejection_context(dossier: Dossier, rejection: Rejection) -> dict[str, Any]:
    """Return the fields of form 03, Phiếu từ chối tiếp nhận, giải quyết hồ sơ."""
    day = _local_day(rejection.rejected_at)
    return {
        **_common(dossier, day, signer_title="NGƯỜI TIẾP NHẬN HỒ SƠ", signer=rejection.rejected_by),
        "reasons": rejection.reasons,
        "rejected_on": format_date(day),
    }


def postponement_context(dossier: Dossier, postponement: Postponement) -> dict[str, Any]:
    """Return the fields of form 04, Phiếu xin lỗi và hẹn lại ngày trả kết quả."""
    day = _local_day(postponement.issued_at or postponement.drafted_at)
    return {
        **_common(dossier, day, signer_title="NGƯỜI KÝ PHIẾU", signer=postponement.issued_by),
        "received_on": format_date(_local_day(dossier.received_at)),
        "old_due_date": format_date(postponement.old_due_on),
        "new_due_date": format_date(postponement.new_due_on),
        "reason": documents.clause(postponement.reason),
    }


def render_form(kind: str, dossier: Dossier, context: dict[str, Any], on: date) -> bytes:
    """Return the form of `kind` filled for `dossier` with the commune's template in force on `on`."""
    template = rendering.template_in_force(dossier.commune, kind, on)
    return rendering.render(rendering.template_bytes(template), context, kind=kind)


FORM_FILE_NAMES: dict[str, str] = {
    TemplateKind.RECEIPT: "giay-tiep-nhan",
    TemplateKind.SUPPLEMENT: "phieu-yeu-cau-bo-sung",
    TemplateKind.REJECTION: "phieu-tu-choi",
    TemplateKind.POSTPONEMENT: "phieu-xin-loi",
}
