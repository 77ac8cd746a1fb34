"""Demo data for the application and review pages (`nyinorge load_demo`): a reviewer login and an interpreter
with a submitted application awaiting review, made through the same services as the pages (idempotent).

The interpreter's national identity number is synthetic; with the fake sources (`INTERPRETER_SOURCES=fake`, the
default when synthetic numbers are allowed) the population register and the university answer for it.
"""

import datetime
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from nyinorge.core.demo import DEMO_PASSWORD
from nyinorge.core.identifiers import synthetic_national_identity_number
from nyinorge.core.models import User
from nyinorge.core.roles import Role
from nyinorge.core.services.reference import directorate
from nyinorge.core.services.users import user_create
from nyinorge.interpreters.models import Interpreter
from nyinorge.interpreters.services import applications as service
from nyinorge.interpreters.services.accounts import interpreter_account_create
from nyinorge.interpreters.sources import SourceUnavailable, external_sources

REVIEWER = "tolkeregister"
APPLICANT = "tolk"


@dataclass(frozen=True)
class DemoApplicationLogin:
    username: str
    description: str
    where: str


def demo_pdf(title: str) -> bytes:
    """A small, valid one-page PDF with a title (no external tools)."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _demo_number() -> str:
    """A synthetic number the population register (fake or not) knows, with an address that is not protected."""
    population = external_sources().population
    for serial in range(60):
        number = synthetic_national_identity_number(datetime.date(1984, 4, 12), serial=serial)
        if Interpreter.objects.filter(person_number=number).exclude(user__username=APPLICANT).exists():
            continue
        try:
            person = population.person(number)
        except SourceUnavailable:
            return ""
        if person is not None and not person.address_protected:
            return number
    return ""


def applications_demo_load() -> list[DemoApplicationLogin]:
    """The reviewer login and one interpreter whose application awaits review (nothing if already there)."""
    logins = [DemoApplicationLogin(REVIEWER, str(Role.INTERPRETER_REGISTER_REVIEWER.label), "/interpreters/review/")]
    if not User.objects.filter(username=REVIEWER).exists():
        user_create(username=REVIEWER, organisation=directorate(), roles=[Role.INTERPRETER_REGISTER_REVIEWER],
                    password=DEMO_PASSWORD, first_name="Tora", last_name="Tolkeregister",
                    email="tolkeregister@imdi.example")
    if User.objects.filter(username=APPLICANT).exists():
        return [*logins, DemoApplicationLogin(APPLICANT, _("Interpreter (applicant)"), "/interpreters/account/login/")]
    number = _demo_number()
    if not number:  # no population register to prefill from: no demo applicant
        return logins
    with transaction.atomic():
        user = interpreter_account_create(person_number=number, email="tolk.demo@example.org", password=DEMO_PASSWORD,
                                          username=APPLICANT)
        interpreter = Interpreter.objects.get(user=user)
        application = service.application_start(actor=user, interpreter=interpreter)
        service.application_update(actor=user, application=application, languages=[("ar", "levantine"), ("ti", "")],
                                   message="Jeg har statsautorisasjon i arabisk og har tatt TAO.")
        claims = [
            (service.claim_add(actor=user, application=application, kind="authorisation", language="ar",
                               obtained_on=datetime.date(2016, 11, 10)), "Statsautorisasjon arabisk"),
            (service.claim_add(actor=user, application=application, kind="ethics_course",
                               obtained_on=datetime.date(2014, 3, 1)), "Kursbevis TAO"),
            (service.claim_add(actor=user, application=application, kind="bilingual_test", language="ti",
                               obtained_on=datetime.date(2019, 5, 20)), "Tospraktesten tigrinja"),
        ]
        for claim, title in claims:
            upload = SimpleUploadedFile(f"{title}.pdf", demo_pdf(title), content_type="application/pdf")
            service.document_add(actor=user, application=application, claim=claim, upload=upload)
        service.application_submit(actor=user, application=application)
    return [*logins, DemoApplicationLogin(APPLICANT, _("Interpreter (applicant)"), "/interpreters/account/login/")]
