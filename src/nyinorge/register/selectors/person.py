"""The register page of one person: facts, derived basis with history, residence, programme, training, versions.

Read through the access layer and audited once. A municipality the person has moved away from sees
only its own records (its history, read-only); the municipality of residence and the directorate see all.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from nyinorge.core.access import person_for, require, user_can
from nyinorge.core.models import AuditEntry, Organisation, Person, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.register.access import may_write_for
from nyinorge.register.models import (
    Absence,
    Exemption,
    LegalBasis,
    ProgrammeParticipation,
    RecordVersion,
    ResidencePermit,
    TestResult,
    TrainingHours,
    TrainingPeriod,
)
from nyinorge.register.selectors.residence import residence_history
from nyinorge.register.selectors.training import HoursProgress, hours_by_type, reception_training_progress


@dataclass
class PersonRegister:
    person: Person
    own_history_only: bool
    may_write: bool
    legal_bases: list[LegalBasis] = field(default_factory=list)
    permits: list[ResidencePermit] = field(default_factory=list)
    residence: list = field(default_factory=list)
    participations: list[ProgrammeParticipation] = field(default_factory=list)
    training_periods: list[TrainingPeriod] = field(default_factory=list)
    hours: list[TrainingHours] = field(default_factory=list)
    hours_totals: dict = field(default_factory=dict)
    absences: list[Absence] = field(default_factory=list)
    exemptions: list[Exemption] = field(default_factory=list)
    tests: list[TestResult] = field(default_factory=list)
    versions: list[RecordVersion] = field(default_factory=list)
    reception: list[HoursProgress] = field(default_factory=list)

    @property
    def current_basis(self) -> LegalBasis | None:
        return next((basis for basis in self.legal_bases if basis.is_current), None)


def register_person_read(*, actor: User, person_id: int) -> PersonRegister:
    """Everything the register holds on the person that the actor may see, with one audit entry."""
    require(user_can(actor, Capability.VIEW_INTRODUCTION_REGISTER))
    person = person_for(actor, person_id)
    organisation = actor.organisation
    own_only = (organisation.kind == Organisation.Kind.MUNICIPALITY
                and person.residence_municipality_id != organisation.municipality_id
                and not (person.reception_centre_id and person.reception_centre.municipality_id == organisation.municipality_id))
    scope = Q(municipality_id=organisation.municipality_id) if own_only else Q()
    view = PersonRegister(
        person=person, own_history_only=own_only,
        may_write=organisation.kind == Organisation.Kind.MUNICIPALITY and not own_only and bool(
            may_write_for(actor=actor, client=None, municipality=organisation.municipality)),
    )
    if not own_only:
        view.legal_bases = list(LegalBasis.objects.filter(person=person).select_related("permit")
                                .order_by("-valid_from", "-id"))
        view.permits = list(ResidencePermit.objects.filter(person=person).order_by("-permit_date", "-id"))
        view.reception = reception_training_progress(person=person)
        view.hours_totals = hours_by_type(person=person)
    view.residence = [p for p in residence_history(person=person)
                      if not own_only or p.municipality_id == organisation.municipality_id]
    view.participations = list(ProgrammeParticipation.objects.filter(scope, person=person)
                               .select_related("municipality", "client")
                               .prefetch_related("interruptions", "plan_elements").order_by("-start"))
    view.training_periods = list(TrainingPeriod.objects.filter(scope, person=person)
                                 .select_related("municipality", "client").order_by("-start"))
    view.hours = list(TrainingHours.objects.filter(scope, person=person).select_related("municipality")
                      .order_by("-month", "hours_type"))
    view.absences = list(Absence.objects.filter(scope, person=person).select_related("municipality").order_by("-date"))
    view.exemptions = list(Exemption.objects.filter(scope, person=person).select_related("municipality")
                           .order_by("-decided_on"))
    view.tests = list(TestResult.objects.filter(scope, person=person).select_related("municipality").order_by("-taken_on"))
    versions = RecordVersion.objects.filter(person=person).select_related("changed_by", "api_client")
    if own_only:
        shown = {(r._meta.label_lower, r.pk) for group in (view.participations, view.training_periods, view.hours,
                                                           view.absences, view.exemptions, view.tests) for r in group}
        view.versions = [v for v in versions.order_by("-changed_at", "-id") if (v.model_label, v.object_id) in shown]
    else:
        view.versions = list(versions.order_by("-changed_at", "-id")[:200])
    audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="register.person", object_id=person.pk,
                 person=person, detail="own history only" if own_only else "")
    return view
