"""Special grant demo data for `nyinorge load_demo`: for the family the settlement demo settles in Oslo, one
application awaiting the directorate and one decided, and a draft in Bergen, so the municipality's list, the directorate's queue, the
detail page and the decision letter have something to show. Needs the settlement demo loaded first."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from nyinorge.core.models import Person, User
from nyinorge.grants.models import SpecialGrantApplication
from nyinorge.grants.selectors.facts import settlement_of_person
from nyinorge.grants.selectors.special import special_grant_rate
from nyinorge.grants.services import special as service
from nyinorge.interpreters.demo_apply import demo_pdf


def _application(actor: User, person: Person, kind: str, amount: Decimal, needs: str, costs: str, submit=True):
    budget_year = settlement_of_person(person.pk)[0].year
    application = service.special_grant_create(actor=actor, person=person, kind=kind, budget_year=budget_year,
                                               years=1, amount_applied=amount, needs=needs, costs=costs)
    upload = SimpleUploadedFile("dokumentasjon.pdf", demo_pdf("Demo: dokumentasjon av merkostnader"),
                                content_type="application/pdf")
    service.special_grant_document_add(actor=actor, application=application, upload=upload)
    return service.special_grant_submit(actor=actor, application=application) if submit else application


def special_grants_demo_load() -> int:
    """Create the demo applications (idempotent); the number created."""
    names = {("Jamal", "Haidari"), ("Zahra", "Haidari"), ("Amina", "Abdullahi")}
    people = {p.given_name: p for p in Person.objects.filter(given_name__in=[g for g, _f in names],
                                                             family_name__in=[f for _g, f in names])
              if (p.given_name, p.family_name) in names}
    if len(people) < 3 or SpecialGrantApplication.objects.filter(person__in=people.values()).exists():
        return 0
    if any(settlement_of_person(p.pk) is None for p in people.values()):
        return 0
    oslo, bergen = User.objects.get(username="oslo"), User.objects.get(username="bergen")
    directorate = User.objects.get(username="saksbehandler")
    year = timezone.localdate().year
    ceiling, one_off = (special_grant_rate(kind=kind, year=year) for kind in ("disability_2", "disability_1"))
    if ceiling is None or one_off is None:
        return 0  # no rates loaded (a database emptied by a test): nothing to apply against
    with transaction.atomic():
        _application(oslo, people["Jamal"], "disability_2", min(Decimal(640000), ceiling.amount),
                     "Demo: trenger døgnbemanning i bolig etter en hjerneskade.",
                     "Demo: to årsverk ekstra bemanning, dokumentert med vedtak om helse- og omsorgstjenester.")
        decided = _application(oslo, people["Zahra"], "disability_1",
                               one_off.amount,
                               "Demo: sterkt nedsatt syn; trenger tilrettelagt bolig og opplæring.",
                               "Demo: ombygging av bolig og ledsager de første månedene.")
        decided = service.special_grant_start_review(actor=directorate, application=decided)
        service.special_grant_decide(actor=directorate, application=decided, amount_granted=decided.amount_applied,
                                     years_granted=1, reasons="Demo: behovet og merkostnadene er dokumentert.")
        _application(bergen, people["Amina"], "disability_2", min(Decimal(300000), ceiling.amount),
                     "Demo: alvorlige atferdsvansker; trenger fast miljøarbeider.",
                     "Demo: miljøarbeider i halv stilling (utkast, dokumentasjon kommer).", submit=False)
    return 3
