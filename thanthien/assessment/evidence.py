"""Evidence files of a criterion: PDF, images and Word only, checked by their first bytes as well as their
name, at most `ASSESSMENT_EVIDENCE_MAX_MB` (a setting); stored under the data folder (never under static or
media), read back only through a view that checks who may read the self-assessment."""

import hashlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thanthien.assessment import permissions
from thanthien.assessment.models import CriterionEntry, Evidence, SelfAssessment
from thanthien.assessment.services import EDITABLE, entry_of, locked
from thanthien.core import audit
from thanthien.core.models import AuditEvent
from thanthien.units.models import User

# extension: (content type, how the file starts)
KINDS = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    "doc": ("application/msword", (b"\xd0\xcf\x11\xe0",)),
}


def max_evidence_bytes() -> int:
    """The largest evidence file: the setting ASSESSMENT_EVIDENCE_MAX_MB (environment, default 10 MB)."""
    return settings.ASSESSMENT_EVIDENCE_MAX_MB * 1024 * 1024


def evidence_folder() -> Path:
    return Path(settings.DATA_DIR) / "assessment_evidence"


def check_upload(name: str, content: bytes) -> tuple[str, str]:
    """Return (extension, content type) of an acceptable file, or raise ValidationError saying why not."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in KINDS:
        raise ValidationError(_("Attach a PDF, an image (JPG, PNG) or a Word file."))
    if len(content) > max_evidence_bytes():
        raise ValidationError(
            _("The file is larger than %(mb)d MB.") % {"mb": max_evidence_bytes() // 1024 // 1024}
        )
    if not content:
        raise ValidationError(_("The file is empty."))
    content_type, starts = KINDS[extension]
    if not content.startswith(starts):
        raise ValidationError(
            _("The file's content does not match its name (.%(ext)s).") % {"ext": extension}
        )
    return extension, content_type


@transaction.atomic
def add_evidence(assessment: SelfAssessment, code: str, upload: Any, *, by: User) -> Evidence:
    """Attach a file to a criterion of a self-assessment still being prepared (or returned)."""
    assessment = locked(assessment)
    if not permissions.can_prepare(by, assessment.commune):
        raise PermissionDenied
    if assessment.status not in EDITABLE:
        raise ValidationError(_("The self-assessment was submitted; it can no longer be changed."))
    entry: CriterionEntry = entry_of(assessment, code)
    content = upload.read(max_evidence_bytes() + 1)
    name = Path(getattr(upload, "name", "") or "").name[:200]
    extension, content_type = check_upload(name, content)
    digest = hashlib.sha256(content).hexdigest()
    relative = Path(str(assessment.pk)) / f"{digest}.{extension}"
    target = evidence_folder() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    evidence = Evidence.objects.create(
        entry=entry,
        file_name=name,
        stored_as=str(relative),
        content_type=content_type,
        size=len(content),
        sha256=digest,
        uploaded_by=by,
    )
    changes = {"step": "evidence_added", "criterion": code, "file": name, "sha256": digest}
    audit.record(AuditEvent.Action.UPDATE, assessment, by=by, changes=changes)
    return evidence


def read_evidence(evidence: Evidence) -> bytes:
    return (evidence_folder() / evidence.stored_as).read_bytes()
