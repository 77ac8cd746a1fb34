"""Checking an uploaded document before it is stored: type by content (not by name), size, name hygiene.

Accepted: PDF, JPEG and PNG. The type is read from the file's first bytes and must agree with the name's
extension; images must also decode (Pillow), PDFs must end as PDFs and may not carry scripts or launch
actions. The uploader's file name is kept only as a cleaned label, never as a path.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
# Content type → (our extension, the extensions a file of that type may have, the first bytes).
TYPES = {
    PDF: ("pdf", {"pdf"}, b"%PDF-"),
    JPEG: ("jpg", {"jpg", "jpeg"}, b"\xff\xd8\xff"),
    PNG: ("png", {"png"}, b"\x89PNG\r\n\x1a\n"),
}
ACCEPTED_EXTENSIONS = sorted(ext for _type, (_own, extensions, _magic) in TYPES.items() for ext in extensions)
# Active content a document for a reviewer has no reason to carry. (A cheap guard: names inside compressed
# object streams are not seen; the download is served as an attachment in any case.)
PDF_ACTIVE_CONTENT = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)\b")
MAX_NAME_LENGTH = 150


@dataclass(frozen=True)
class CheckedDocument:
    content_type: str
    extension: str
    size: int
    sha256: str
    display_name: str


def max_document_bytes() -> int:
    """The size limit (setting INTERPRETER_DOCUMENT_MAX_BYTES, 10 MB by default)."""
    return int(getattr(settings, "INTERPRETER_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024))


def clean_display_name(name: str, *, extension: str) -> str:
    """The uploader's name as a harmless label: last path part, no control characters, bounded length."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/")
    name = PurePosixPath(name).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if not name:
        return f"document.{extension}"
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        name = f"{stem[:MAX_NAME_LENGTH - len(ext) - 1]}.{ext}" if dot and len(ext) <= 5 else name[:MAX_NAME_LENGTH]
    return name


def _extension_of(name: str) -> str:
    base = PurePosixPath(str(name or "").replace("\\", "/")).name
    return base.rpartition(".")[2].lower() if "." in base else ""


def _detected_type(head: bytes) -> str | None:
    for content_type, (_own, _extensions, magic) in TYPES.items():
        if head.startswith(magic):
            return content_type
    return None


def _read_all(upload: UploadedFile, limit: int) -> bytes:
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    return data


def _check_image(data: bytes, content_type: str) -> None:
    import io

    expected = "JPEG" if content_type == JPEG else "PNG"
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            format_ = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("The image is damaged or not a real %(format)s file.") % {"format": expected},
                              code="damaged") from None
    if format_ != expected:
        raise ValidationError(_("The image is damaged or not a real %(format)s file.") % {"format": expected},
                              code="damaged")


def _check_pdf(data: bytes) -> None:
    if b"%%EOF" not in data[-2048:]:
        raise ValidationError(_("The PDF file is incomplete or damaged."), code="damaged")
    if PDF_ACTIVE_CONTENT.search(data):
        raise ValidationError(
            _("The PDF file contains scripts, attachments or actions; save or print it as a plain PDF and try again."),
            code="active_content")


def document_check(upload: UploadedFile) -> CheckedDocument:
    """The document's type, size and checksum if it is an acceptable PDF, JPEG or PNG; ValidationError otherwise."""
    limit = max_document_bytes()
    declared_size = upload.size or 0
    if declared_size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(declared_size), "limit": filesizeformat(limit)}, code="too_big")
    data = _read_all(upload, limit)
    if len(data) > limit:  # the declared size can lie
        raise ValidationError(
            _("The file is larger than the limit of %(limit)s.") % {"limit": filesizeformat(limit)}, code="too_big")
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    accepted = ", ".join(ext.upper() for ext in ("pdf", "jpg", "png"))
    content_type = _detected_type(data[:16])
    if content_type is None:
        raise ValidationError(
            _("The file is not a PDF, JPEG or PNG (by its content); accepted types: %(types)s.") % {"types": accepted},
            code="type")
    own_extension, extensions, _magic = TYPES[content_type]
    extension = _extension_of(upload.name)
    if not extension:
        raise ValidationError(
            _("The file's name has no extension; its content is %(type)s, so name it “.%(extension)s”.")
            % {"type": own_extension.upper(), "extension": own_extension}, code="type_mismatch")
    if extension not in extensions:
        raise ValidationError(
            _("The file's name ends in “.%(extension)s” but its content is %(type)s; rename or convert the file.")
            % {"extension": extension, "type": own_extension.upper()}, code="type_mismatch")
    if content_type == PDF:
        _check_pdf(data)
    else:
        _check_image(data, content_type)
    return CheckedDocument(
        content_type=content_type, extension=own_extension, size=len(data),
        sha256=hashlib.sha256(data).hexdigest(), display_name=clean_display_name(upload.name, extension=own_extension))
