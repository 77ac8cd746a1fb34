"""Checking an uploaded document before it is stored: type by content (not by name), size, name hygiene.

Accepted: PDF, JPEG and PNG. The type is read from the file's first bytes and must agree with the name's
extension; images must also decode (Pillow). The uploader's file name is kept only as a cleaned label,
never as a path.

PDFs are parsed with pikepdf (qpdf), not searched as bytes: names are decoded (`/J#61vaScript` is
`/JavaScript`), compressed object streams are opened, and every object in the file is walked, including
objects no page refers to. A document for a reviewer has no reason to do anything but show pages, so a PDF
is refused, naming what was found, when it carries JavaScript, actions that start programs, open web
addresses, send or import form data or open other files, embedded files, rich media (Flash, sound, video,
3D), an XFA form, or an /OpenAction or /AA (additional actions) that runs such an action by itself. A file
qpdf cannot open (or only with a password) is refused, and so are PDF/HTML polyglots: nothing may come
before "%PDF-" (a reader accepts up to a kilobyte of anything there), and no HTML tag may stand in the
first kilobytes or after the end. Downloads are served as attachments with nosniff and a sandboxing CSP in
any case (`views/review.py`).
"""

import hashlib
from collections.abc import Callable
from typing import TypeVar
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath

import pikepdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

T = TypeVar("T")

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
# Content type → (our extension, the extensions a file of that type may have, the first bytes).
TYPES = {
    PDF: ("pdf", {"pdf"}, b"%PDF-"),
    JPEG: ("jpg", {"jpg", "jpeg"}, b"\xff\xd8\xff"),
    PNG: ("png", {"png"}, b"\x89PNG\r\n\x1a\n"),
}
ACCEPTED_EXTENSIONS = sorted(ext for _type, (_own, extensions, _magic) in TYPES.items() for ext in extensions)
MAX_NAME_LENGTH = 150

# What active content is found as, for the refusal message.
JAVASCRIPT = gettext_lazy("JavaScript")
LAUNCH = gettext_lazy("an action that starts a program")
URI = gettext_lazy("links to web addresses")
FORM_SUBMIT = gettext_lazy("a form that sends or imports data")
OTHER_FILE = gettext_lazy("an action that opens another file")
EMBEDDED_FILES = gettext_lazy("embedded files")
RICH_MEDIA = gettext_lazy("rich media (Flash, sound, video or 3D)")
XFA = gettext_lazy("an XFA form")
AUTOMATIC = gettext_lazy("an action that runs by itself when the file is opened or used")
FOUND_ORDER = (JAVASCRIPT, LAUNCH, URI, FORM_SUBMIT, OTHER_FILE, EMBEDDED_FILES, RICH_MEDIA, XFA, AUTOMATIC)
# Action types (/S) that do more than move within the document.
ACTIVE_ACTIONS = {
    "/JavaScript": JAVASCRIPT, "/Launch": LAUNCH, "/URI": URI, "/SubmitForm": FORM_SUBMIT,
    "/ImportData": FORM_SUBMIT, "/GoToR": OTHER_FILE, "/GoToE": EMBEDDED_FILES, "/RichMediaExecute": RICH_MEDIA,
    "/Rendition": RICH_MEDIA, "/Movie": RICH_MEDIA, "/Sound": RICH_MEDIA,
}
# Dictionary keys that carry active content wherever they stand (the name trees /JavaScript and
# /EmbeddedFiles, a file specification's /EF, an action's /JS and /URI, the AcroForm's /XFA).
ACTIVE_KEYS = {
    "/JS": JAVASCRIPT, "/JavaScript": JAVASCRIPT, "/URI": URI, "/EmbeddedFiles": EMBEDDED_FILES,
    "/EF": EMBEDDED_FILES, "/XFA": XFA, "/RichMediaContent": RICH_MEDIA, "/RichMediaSettings": RICH_MEDIA,
}
ACTIVE_TYPES = {  # values of /Type and /Subtype
    "/EmbeddedFile": EMBEDDED_FILES, "/FileAttachment": EMBEDDED_FILES, "/RichMedia": RICH_MEDIA,
    "/Movie": RICH_MEDIA, "/Sound": RICH_MEDIA, "/Screen": RICH_MEDIA, "/3D": RICH_MEDIA,
}
AUTOMATIC_KEYS = ("/OpenAction", "/AA")
# Browsers and old sniffers take a file for HTML by such a tag near its start.
HTML_TAG = re.compile(rb"<(?:!doctype|!--|(?:html|head|body|script|iframe|frameset|frame|object|embed|svg|style"
                      rb"|title|meta|link|base|form|img|math)[\s>/])", re.IGNORECASE)
HTML_SCAN_BYTES = 4096
# A bound on the walk, so a file of millions of tiny objects cannot keep a worker busy.
MAX_PDF_OBJECTS = 200_000


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


def _refuse_active(found: list) -> None:
    names = [str(item) for item in FOUND_ORDER if item in found]
    raise ValidationError(
        _("The PDF file contains %(found)s; documents may only show pages. Print it to a new PDF "
          "(without links, forms or attachments) and try again.") % {"found": ", ".join(names)},
        code="active_content")


def _active_action(action: pikepdf.Object, seen: set) -> bool:
    """Whether an action (or a dictionary of actions, an array of them, their /Next chain) does more than move."""
    if isinstance(action, pikepdf.Array):
        return any(_active_action(item, seen) for item in action)
    if not isinstance(action, (pikepdf.Dictionary, pikepdf.Stream)):
        return False
    if action.is_indirect:
        if action.objgen in seen:
            return False
        seen.add(action.objgen)
    if _name(action.get("/S")) in ACTIVE_ACTIONS or "/JS" in action:
        return True
    if "/S" not in action:  # an /AA dictionary: trigger → action
        return any(_active_action(action[key], seen) for key in action.keys())
    return "/Next" in action and _active_action(action["/Next"], seen)


def _name(value: object) -> str:
    return str(value) if isinstance(value, pikepdf.Name) else ""


def _direct_container(value: object) -> bool:
    # pikepdf hands numbers, booleans and null back as Python values, which have no parts to walk.
    return isinstance(value, (pikepdf.Dictionary, pikepdf.Array)) and not value.is_indirect


def _active_content(pdf: pikepdf.Pdf) -> list:
    """What every object in the file (object streams opened, names decoded) carries of active content."""
    found = []
    for indirect in pdf.objects:
        stack = [indirect]
        while stack:  # the object and its direct parts; indirect parts come in their own turn
            obj = stack.pop()
            if isinstance(obj, pikepdf.Array):
                stack.extend(item for item in obj if _direct_container(item))
                continue
            if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
                continue
            for key in obj.keys():
                value = obj[key]
                if key in ACTIVE_KEYS:
                    found.append(ACTIVE_KEYS[key])
                elif key == "/S" and _name(value) in ACTIVE_ACTIONS:
                    found.append(ACTIVE_ACTIONS[_name(value)])
                elif key in ("/Type", "/Subtype") and _name(value) in ACTIVE_TYPES:
                    found.append(ACTIVE_TYPES[_name(value)])
                elif key in AUTOMATIC_KEYS and _active_action(value, set()):
                    found.append(AUTOMATIC)
                if _direct_container(value):
                    stack.append(value)
    return found


def _check_pdf(data: bytes) -> None:
    if b"%%EOF" not in data[-2048:]:
        raise ValidationError(_("The PDF file is incomplete or damaged."), code="damaged")
    if HTML_TAG.search(data[:HTML_SCAN_BYTES]) or HTML_TAG.search(data[data.rfind(b"%%EOF"):]):
        raise ValidationError(
            _("The file is both a PDF and a web page (it holds HTML); save or print it as a plain PDF and try again."),
            code="polyglot")
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if len(pdf.objects) > MAX_PDF_OBJECTS:
                raise ValidationError(
                    _("The PDF file has too many parts to be checked; save or print it as a plain PDF and try again."),
                    code="damaged")
            found = _active_content(pdf)
    except pikepdf.PasswordError:
        raise ValidationError(_("The PDF file is protected by a password; upload it without the password."),
                              code="encrypted") from None
    except (pikepdf.PdfError, RuntimeError, ValueError, TypeError, OverflowError, RecursionError):
        raise ValidationError(_("The PDF file is damaged and cannot be read."), code="damaged") from None
    if found:
        _refuse_active(found)


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


def document_store(upload: UploadedFile, *, record: Callable[[CheckedDocument, str], T]) -> T:
    """Check an upload, write it privately under a new name, and `record` it (the caller's row, in its own
    transaction); if recording fails, the file is removed again, as nothing refers to it."""
    from nyinorge.interpreters.storage import document_delete, document_write

    checked = document_check(upload)
    name = document_write(upload, extension=checked.extension)
    try:
        return record(checked, name)
    except BaseException:
        document_delete(name)
        raise
