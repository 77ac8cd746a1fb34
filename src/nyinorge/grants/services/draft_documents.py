"""Documents attached to a draft application, whichever kind (special grants, application-based schemes): checked
and stored by the platform's one upload path (`interpreters.uploads.document_store`), recorded with the draft
locked and still a draft, audited; removed with the file deleted only after the commit."""

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils.translation import gettext as _

from nyinorge.core.models import AuditEntry, StoredDocument, User
from nyinorge.interpreters.storage import document_delete
from nyinorge.interpreters.uploads import document_store

MAX_DOCUMENTS = 20
D = TypeVar("D", bound=StoredDocument)
# (actor, application, action, detail): the kind's own audit entry.
Audit = Callable[..., None]
# (actor, application): raise unless the actor may change this draft now.
RequireDraft = Callable[..., None]


def draft_document_add(*, actor: User, application: models.Model, upload: UploadedFile, document_model: type[D],
                       related: tuple[str, ...], require_draft: RequireDraft, audit: Audit) -> D:
    """Check and store an upload, then record it on the draft (locked, checked again, at most MAX_DOCUMENTS)."""
    require_draft(actor=actor, application=application)

    def record(checked, name: str) -> D:
        with transaction.atomic():
            locked = (type(application).objects.select_for_update(of=("self",)).select_related(*related)
                      .get(pk=application.pk))
            require_draft(actor=actor, application=locked)
            if locked.documents.count() >= MAX_DOCUMENTS:
                raise ValidationError({"document": [_("An application can have at most %(max)d documents; remove "
                                                      "one first.") % {"max": MAX_DOCUMENTS}]})
            document = document_model.objects.create(
                application=locked, stored_name=name, display_name=checked.display_name,
                content_type=checked.content_type, size=checked.size, sha256=checked.sha256, uploaded_by=actor)
            audit(actor=actor, action=AuditEntry.Action.CREATE, application=locked,
                  detail=f"document {document.pk} uploaded ({checked.content_type}, {checked.size} bytes)")
        return document

    return document_store(upload, record=record)


def draft_document_remove(*, actor: User, document: StoredDocument, related: tuple[str, ...],
                          require_draft: RequireDraft, audit: Audit) -> None:
    """Remove a document of a draft; its file goes once the removal is committed."""
    with transaction.atomic():
        document = (type(document).objects.select_for_update(of=("self",)).select_related(*related)
                    .get(pk=document.pk))
        require_draft(actor=actor, application=document.application)
        name, document_id = document.stored_name, document.pk
        document.delete()
        audit(actor=actor, action=AuditEntry.Action.DELETE, application=document.application,
              detail=f"document {document_id} removed")
        transaction.on_commit(lambda: document_delete(name))
