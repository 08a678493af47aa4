"""Which files a disclosure may carry: checked by name and by their first bytes, with a size limit."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

# Extension → (content type, the bytes the file must start with).
ALLOWED = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
}


def max_bytes() -> int:
    return int(getattr(settings, "DISCLOSURE_MAX_FILE_MB", 10)) * 1024 * 1024


def check_file(upload: UploadedFile) -> str:
    """Return the file's content type, or raise ValidationError (in Vietnamese) for a wrong type or size."""
    name = upload.name or ""
    extension = Path(name).suffix.lower()
    if extension not in ALLOWED:
        raise ValidationError(
            _("%(name)s: only PDF, PNG, JPEG images and Excel (XLSX) files may be attached."),
            params={"name": name},
        )
    if upload.size is not None and upload.size > max_bytes():
        raise ValidationError(
            _("%(name)s is larger than %(limit)s MB."), params={"name": name, "limit": max_bytes() // 2**20}
        )
    content_type, signatures = ALLOWED[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            _("%(name)s is not really a %(kind)s file."), params={"name": name, "kind": extension[1:].upper()}
        )
    return content_type
