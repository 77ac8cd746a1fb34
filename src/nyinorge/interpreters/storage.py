"""Private storage for the documents interpreters upload: outside the web root, random names, never a URL.

Files are read only through the access-checked, audited download view. Names are made here (random hex in
two levels of folders), never from what the uploader called the file, and every name is checked against
that shape and resolved inside the root before use, so no path can be smuggled in.
"""

import logging
import re
import secrets
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
STORED_NAME = re.compile(r"^[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{32}\.(pdf|jpg|png)$")


def private_root() -> Path:
    """The folder interpreter documents live in (setting PRIVATE_MEDIA_ROOT)."""
    return Path(str(settings.PRIVATE_MEDIA_ROOT)).resolve() / "interpreter-documents"


class PrivateDocumentStorage(FileSystemStorage):
    """File system storage with no base URL: documents have no public address."""

    def __init__(self) -> None:
        super().__init__(location=str(private_root()), base_url=None,
                         file_permissions_mode=0o600, directory_permissions_mode=0o700)

    def url(self, name):
        raise SuspiciousFileOperation("interpreter documents have no public URL; use the download view")


def new_stored_name(extension: str) -> str:
    """A fresh random name like 'ab/cd/<32 hex>.pdf' (the extension is ours, from the detected type)."""
    token = secrets.token_hex(16)
    name = f"{token[:2]}/{token[2:4]}/{token}.{extension}"
    if not STORED_NAME.match(name):  # pragma: no cover - only if someone widens the extensions
        raise ValueError(f"bad extension {extension!r}")
    return name


def stored_path(name: str) -> Path:
    """The file's path, after checking the name's shape and that it resolves inside the private root."""
    if not isinstance(name, str) or not STORED_NAME.match(name):
        raise SuspiciousFileOperation(f"not a stored document name: {name!r}")
    root = private_root()
    path = (root / name).resolve()
    if not path.is_relative_to(root):
        raise SuspiciousFileOperation(f"document name leaves the private root: {name!r}")
    return path


def _public_roots() -> list[Path]:
    roots = [getattr(settings, "STATIC_ROOT", None), getattr(settings, "MEDIA_ROOT", None),
             *getattr(settings, "STATICFILES_DIRS", [])]
    from django.apps import apps

    roots += [Path(config.path) / "static" for config in apps.get_app_configs()]
    # Settings hold str, Path or django-environ's Path; STATICFILES_DIRS entries may be (prefix, path) pairs.
    return [Path(str(root[1] if isinstance(root, (tuple, list)) else root)).resolve() for root in roots if root]


@checks.register(checks.Tags.security)
def check_private_root_outside_web_root(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Error if the private documents folder lies in (or contains) a folder the web server publishes."""
    root = private_root()
    errors = []
    for public in _public_roots():
        if root.is_relative_to(public) or public.is_relative_to(root):
            errors.append(checks.Error(
                f"PRIVATE_MEDIA_ROOT ({root}) overlaps {public}, which is served to the public.",
                hint="Set PRIVATE_MEDIA_ROOT to a folder outside STATIC_ROOT, MEDIA_ROOT and the static folders.",
                id="interpreters.E001"))
    return errors


def document_write(upload, *, extension: str) -> str:
    """Write the (already checked) upload under a new random name; return the name."""
    name = new_stored_name(extension)
    upload.seek(0)
    saved = PrivateDocumentStorage().save(name, upload)
    if saved != name:  # FileSystemStorage renamed it: a collision of 128 random bits, or a changed storage
        PrivateDocumentStorage().delete(saved)
        raise SuspiciousFileOperation(f"storage changed the document name {name!r} to {saved!r}")
    return name


def document_delete(name: str) -> None:
    """Remove a stored document (missing files are fine: the aim is that it is gone)."""
    stored_path(name).unlink(missing_ok=True)


def stored_document_response(document) -> FileResponse:
    """A stored document as a download: never shown inline, never cached, never sniffed into a page. Raises
    Http404 (and logs) when its file is missing. The caller has checked access and audits the read."""
    try:
        handle = stored_path(document.stored_name).open("rb")
    except FileNotFoundError:
        logger.error("%s %s (%s) is missing from the private storage",
                                          type(document).__name__, document.pk, document.stored_name)
        raise Http404(_("The document's file is missing; the error is logged.")) from None
    response = FileResponse(handle, as_attachment=True, filename=document.display_name,
                            content_type=document.content_type)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    # Set here, not only by the middleware: a browser must never sniff an uploaded file into a page.
    response["X-Content-Type-Options"] = "nosniff"
    return response
