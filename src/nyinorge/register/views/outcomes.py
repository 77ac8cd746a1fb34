"""The directorate's page for the yearly delivery of former participants' status in work and education (SP8):
upload a file (`register.services.outcomes`, all or nothing) and see the deliveries imported so far."""

import io
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from nyinorge.core.roles import Capability
from nyinorge.core.views.decorators import capability_required
from nyinorge.register.forms import OutcomeImportForm
from nyinorge.register.models import OutcomeDelivery
from nyinorge.register.services.outcomes import post_programme_statuses_import

# A national delivery is some 10,000 lines of about 30 bytes.
MAX_DELIVERY_BYTES = 10_000_000
SHOWN_ERRORS = 200
SHOWN_DELIVERIES = 30


@capability_required(Capability.RECORD_REGISTER_FACTS)
def outcomes(request: HttpRequest) -> HttpResponse:
    form = OutcomeImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                if upload.size > MAX_DELIVERY_BYTES:
                    raise ValidationError(_("The file is larger than 10 MB; a yearly delivery is far less."))
                text = upload.read().decode("utf-8-sig")
                result = post_programme_statuses_import(actor=request.user, file=io.StringIO(text),
                                                        file_name=Path(upload.name).name)
            except UnicodeDecodeError:
                form.add_error("file", _("The file is not UTF-8 text. Save it as CSV UTF-8."))
            except ValidationError as error:
                lines = error.messages
                if len(lines) > SHOWN_ERRORS + 1:
                    lines = [*lines[:SHOWN_ERRORS + 1], _("… and %(n)d more lines with errors.")
                             % {"n": len(lines) - SHOWN_ERRORS - 1}]
                form.add_error("file", lines)
            else:
                if result.already_imported:
                    messages.info(request, _("This file was already imported (delivery %(id)s); nothing changed.")
                                  % {"id": result.delivery.pk})
                else:
                    messages.success(request, _(
                        "Delivery %(id)s imported: %(created)d new statuses, %(updated)d changed, %(unchanged)d "
                        "unchanged; %(without)d persons have no ended programme participation in the register.") % {
                        "id": result.delivery.pk, "created": result.created, "updated": result.updated,
                        "unchanged": result.unchanged, "without": result.without_participation})
                return redirect("register:outcomes")
        status = 400
    deliveries = OutcomeDelivery.objects.select_related("imported_by")[:SHOWN_DELIVERIES]
    return render(request, "register/outcomes.html", {"form": form, "deliveries": deliveries}, status=status)
