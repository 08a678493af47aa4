"""A photo or file attached to public feedback: JPEG, PNG or PDF only, checked by its first bytes as well as
its name, at most `FEEDBACK_ATTACHMENT_MAX_MB` (a setting); kept under the data folder (never under static
or media). A refused file stops the whole submission: nothing is saved, neither the case nor the file."""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thanthien.feedback.models import FeedbackAttachment, FeedbackItem

# extension: (content type, how the file starts)
KINDS = {
    "jpg": ("image/jpeg", b"\xff\xd8\xff"),
    "jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    "png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    "pdf": ("application/pdf", b"%PDF-"),
}
ACCEPT = "image/jpeg,image/png,application/pdf,.jpg,.jpeg,.png,.pdf"  # the file picker's filter


@dataclass(frozen=True)
class Attachment:
    """A checked file, ready to be stored with its case."""

    name: str
    content: bytes
    extension: str
    content_type: str


def max_attachment_bytes() -> int:
    """The largest attachment: the setting FEEDBACK_ATTACHMENT_MAX_MB (environment, default 5 MB)."""
    return settings.FEEDBACK_ATTACHMENT_MAX_MB * 1024 * 1024


def attachment_folder() -> Path:
    return Path(settings.DATA_DIR) / "feedback_attachments"


def too_large_message() -> str:
    return _("The file is larger than %(mb)d MB. Please attach a smaller photo or file.") % {
        "mb": settings.FEEDBACK_ATTACHMENT_MAX_MB
    }


def check_attachment(name: str, content: bytes) -> Attachment:
    """Return the file as an Attachment, or raise ValidationError saying, in the citizen's words, why not."""
    name = Path(name or "").name[:200]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in KINDS:
        raise ValidationError(_("Attach a photo (JPEG, PNG) or a PDF file."), code="type")
    if len(content) > max_attachment_bytes():
        raise ValidationError(too_large_message(), code="size")
    if not content:
        raise ValidationError(_("The file is empty."), code="empty")
    content_type, start = KINDS[extension]
    if not content.startswith(start):
        raise ValidationError(
            _("The file is not a real %(kind)s file. Attach a photo (JPEG, PNG) or a PDF file.")
            % {"kind": extension.upper()},
            code="content",
        )
    return Attachment(name=name, content=content, extension=extension, content_type=content_type)


def store_attachment(item: FeedbackItem, attachment: Attachment) -> FeedbackAttachment:
    """Write the file and its row; called by services._receive inside the case's transaction."""
    digest = hashlib.sha256(attachment.content).hexdigest()
    relative = Path(str(item.pk)) / f"{digest}.{attachment.extension}"
    target = attachment_folder() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(attachment.content)
    try:
        return FeedbackAttachment.objects.create(
            item=item,
            file_name=attachment.name,
            stored_as=str(relative),
            content_type=attachment.content_type,
            size=len(attachment.content),
            sha256=digest,
        )
    except Exception:
        target.unlink(missing_ok=True)
        raise


def read_attachment(found: FeedbackAttachment) -> bytes:
    return (attachment_folder() / found.stored_as).read_bytes()
