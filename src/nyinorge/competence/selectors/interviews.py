"""Reads for the settlement interview (IMDinett mottak) and what it feeds: the case's preparation in the lists,
its housing needs, and the competence summary a municipality sees.

Scoped by `settlement.selectors.cases.cases_visible_to` (the directorate every case, a reception centre its
residents'), and by the capability to hold interviews.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import get_language, gettext as _

from nyinorge.competence.codes import LANGUAGE_LEVEL_RANK, DrivingLicence, IscedLevel, LanguageLevel
from nyinorge.competence.models import CompetenceRegistration, NetworkTie, SettlementInterview
from nyinorge.competence.occupations import title as occupation_title
from nyinorge.core.access import require, user_can
from nyinorge.core.models import AuditEntry, User
from nyinorge.core.roles import Capability
from nyinorge.core.services.audit import audit_record
from nyinorge.interpreters.languages import language_name
from nyinorge.interpreters.models import Listing
from nyinorge.interpreters.selectors.search import SearchQuery, listings_search
from nyinorge.settlement.models import Case
from nyinorge.settlement.models.cases import age_on
from nyinorge.settlement.selectors.cases import _with_members, cases_visible_to, person_label

# Kompass is for residents aged 16 and over (seed 3.1); younger children have no registration to count.
COMPETENCE_FROM_AGE = 16
# Closest first: the case's "municipality with close family" is the first of these the interview names.
CLOSE_FAMILY_ORDER = (NetworkTie.Relation.SPOUSE, NetworkTie.Relation.CHILD, NetworkTie.Relation.PARENT,
                      NetworkTie.Relation.SIBLING)


def interview_case_for(*, actor: User, case_id: int) -> Case:
    """A case the actor may hold the interview for (members prefetched); 404 when out of scope or absent."""
    require(user_can(actor, Capability.HOLD_SETTLEMENT_INTERVIEWS))
    try:
        return _with_members(cases_visible_to(actor)).get(pk=case_id)
    except Case.DoesNotExist:
        raise Http404(_("No such case, or not one you have access to.")) from None


def interview_of(case: Case) -> SettlementInterview | None:
    """The case's interview with its ties and interpreter, or None before one is started."""
    return (SettlementInterview.objects.filter(case_id=case.pk)
            .select_related("interpreter", "held_by")
            .prefetch_related(Prefetch("network_ties", queryset=NetworkTie.objects.select_related("municipality")))
            .first())


@dataclass(frozen=True)
class MemberRegistration:
    """One member of the case and how far their competence registration has come."""

    label: str  # the name, or "Shielded identity"
    age: int
    eligible: bool  # 16 or older: expected to register
    percent: int | None  # None: not started
    completed: bool


def member_registrations(*, actor: User, case: Case, today: datetime.date | None = None) -> list[MemberRegistration]:
    """Each member's registration status (not started, a share done, completed), oldest first."""
    today = today or timezone.localdate()
    members = [member.person for member in case.members.all()]
    registrations = {r.person_id: r for r in CompetenceRegistration.objects.filter(person__in=members)
                     .only("person_id", "sections_done", "completed_at")}
    rows = []
    for person in members:
        registration = registrations.get(person.pk)
        age = age_on(person.birth_date, today)
        rows.append(MemberRegistration(
            label=person_label(actor, case, person), age=age, eligible=age >= COMPETENCE_FROM_AGE,
            percent=None if registration is None else registration.completeness,
            completed=registration is not None and registration.completed_at is not None))
    return rows


def interview_read(*, actor: User, case: Case) -> SettlementInterview | None:
    """The interview page's read: audited as one entry naming every member shown."""
    interview = interview_of(case)
    audit_record(actor=actor, action=AuditEntry.Action.VIEW, object_type="competence.settlement_interview",
                 object_id=interview.pk if interview else "", persons=[m.person for m in case.members.all()],
                 detail=f"case {case.pk}")
    return interview


def interpreters_for_interview(*, language: str, name: str = "", limit: int = 20) -> list[Listing]:
    """Interpreters on the public list for the language (best category first), optionally by name."""
    if not language:
        return []
    return listings_search(query=SearchQuery(language=language, name=name[:100], limit=limit)).listings


# --- Preparation of each case in the settlement lists -------------------------------------------------------


@dataclass(frozen=True)
class Preparation:
    """A case's interview status and its members' (16+) competence registration, for the lists."""

    interview: str | None  # SettlementInterview.Status value, or None when not started
    competence_percent: int | None  # mean completeness of the members aged 16+ (None: nobody aged 16+)
    completed: int  # members aged 16+ with a completed registration
    eligible: int  # members aged 16+

    @property
    def interview_label(self) -> str:
        if self.interview is None:
            return _("not started")
        return str(SettlementInterview.Status(self.interview).label).lower()


def preparation_by_case(cases: Sequence[Case], today: datetime.date | None = None) -> dict[int, Preparation]:
    """Interview status and competence completeness per case: two queries for the whole page, whatever its size.

    The members (with persons) must already be prefetched, as every case list does (`_with_members`)."""
    today = today or timezone.localdate()
    if not cases:
        return {}
    ids = [case.pk for case in cases]
    statuses = dict(SettlementInterview.objects.filter(case_id__in=ids).values_list("case_id", "status"))
    eligible_ids: dict[int, list[int]] = {}
    for case in cases:
        eligible_ids[case.pk] = [m.person_id for m in case.members.all()
                                 if age_on(m.person.birth_date, today) >= COMPETENCE_FROM_AGE]
    persons = [pk for pks in eligible_ids.values() for pk in pks]
    done: dict[int, tuple[int, bool]] = {}
    sections = set(CompetenceRegistration.Section.values)
    for person_id, sections_done, completed_at in CompetenceRegistration.objects.filter(
            person_id__in=persons).values_list("person_id", "sections_done", "completed_at"):
        share = round(100 * len(sections & set(sections_done or [])) / len(sections))
        done[person_id] = (share, completed_at is not None)
    result = {}
    for case_id, pks in eligible_ids.items():
        shares = [done.get(pk, (0, False))[0] for pk in pks]
        result[case_id] = Preparation(
            interview=statuses.get(case_id),
            competence_percent=round(sum(shares) / len(shares)) if shares else None,
            completed=sum(1 for pk in pks if done.get(pk, (0, False))[1]), eligible=len(pks))
    return result


# --- Housing needs: where notices meet cases -----------------------------------------------------------------


@dataclass(frozen=True)
class HousingNeeds:
    accessible: bool
    rooms: int | None


def housing_needs_by_case(cases: Iterable[Case]) -> dict[int, HousingNeeds]:
    """What dwelling each case needs: from its completed interview (wheelchair-accessible, bedrooms), else the
    conservative reading of the case's special-needs flag (needs an accessible dwelling, rooms unknown). One query."""
    cases = list(cases)
    interviews = {row["case_id"]: row for row in SettlementInterview.objects.filter(
        case_id__in=[c.pk for c in cases], status=SettlementInterview.Status.COMPLETED).values(
        "case_id", "accessible_dwelling", "rooms_needed")}
    needs = {}
    for case in cases:
        row = interviews.get(case.pk)
        needs[case.pk] = (HousingNeeds(row["accessible_dwelling"], row["rooms_needed"]) if row
                          else HousingNeeds(case.special_needs, None))
    return needs


def close_family_municipalities_by_case(case_ids: Iterable[int]) -> dict[int, list[str]]:
    """Municipality numbers where each case's completed interview names close family (spouse, adult child,
    parent, sibling), closest first. One query."""
    order = {relation: rank for rank, relation in enumerate(CLOSE_FAMILY_ORDER)}
    found: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for case_id, tie_id, relation, municipality in NetworkTie.objects.filter(
            interview__case_id__in=list(case_ids), interview__status=SettlementInterview.Status.COMPLETED,
            relation__in=CLOSE_FAMILY_ORDER).values_list("interview__case_id", "id", "relation", "municipality_id"):
        found[case_id].append((order[relation], tie_id, municipality))
    result = {}
    for case_id, ties in found.items():
        numbers: list[str] = []
        for _rank, _id, number in sorted(ties):
            if number not in numbers:
                numbers.append(number)
        result[case_id] = numbers
    return result


# --- What a municipality sees of the competence -------------------------------------------------------------


@dataclass(frozen=True)
class MemberCompetence:
    """One member's competence as coded facts (labels from the code lists, never the resident's free text)."""

    age: int
    name: str  # "" before the municipality has accepted
    shared: bool  # the member consented to sharing with the municipality
    highest_level: str = ""
    schooling_years: int | None = None
    languages: list[str] = field(default_factory=list)  # "Arabic: Mother tongue"
    occupations: list[str] = field(default_factory=list)  # "STYRK 5120: 6 years"
    qualifications: list[str] = field(default_factory=list)  # full view only: titles are free text
    driving_licence: str = ""
    wishes: list[str] = field(default_factory=list)  # full view only


@dataclass(frozen=True)
class CaseCompetence:
    members: list[MemberCompetence]
    interview_needs: list[str]  # coded needs from the completed interview
    full: bool

    @property
    def any_registration(self) -> bool:
        return any(member.shared for member in self.members)


def _level_label(value: str, choices) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def case_competence(*, case: Case, full: bool, names: bool, shared_only: bool = True,
                    today: datetime.date | None = None) -> CaseCompetence:
    """The case's competence from its members' registrations (for a municipality only those who consented to
    sharing: `shared_only`; the directorate and the reception centre see every registration).

    `full` False is the need-to-know view before acceptance: coded facts only (age, highest education, languages
    with levels, occupations with years, driving licence), no name, no country, no title or description the
    resident wrote, nothing that could identify. `full` True (after acceptance) adds qualifications and wishes.
    Members aged 16+ without a shared registration are listed by age with "not shared"."""
    return competence_by_case([case], full=full, names=names, shared_only=shared_only, today=today)[case.pk]


def competence_by_case(cases: Sequence[Case], *, full: bool, names: bool, shared_only: bool = True,
                       today: datetime.date | None = None) -> dict[int, CaseCompetence]:
    """`case_competence` for a whole list of cases in a fixed number of queries (members must be prefetched)."""
    today = today or timezone.localdate()
    people = {case.pk: [m.person for m in case.members.all()] for case in cases}
    registrations = CompetenceRegistration.objects.filter(
        person__in=[person for members in people.values() for person in members])
    if shared_only:
        registrations = registrations.filter(consent_share=True)
    registrations = {r.person_id: r for r in registrations.prefetch_related(
        "language_skills", "work_experiences", "qualifications")}
    needs = interview_needs_by_case(cases)
    result = {}
    for case in cases:
        rows = []
        for person in people[case.pk]:
            age = age_on(person.birth_date, today)
            if age >= COMPETENCE_FROM_AGE:
                rows.append(_member_competence(registrations.get(person.pk), age=age,
                                               name=person.full_name if names else "", full=full))
        result[case.pk] = CaseCompetence(members=rows, interview_needs=needs.get(case.pk, []), full=full)
    return result


def _member_competence(registration: CompetenceRegistration | None, *, age: int, name: str,
                       full: bool) -> MemberCompetence:
    if registration is None:
        return MemberCompetence(age=age, name=name, shared=False)
    skills = sorted(registration.language_skills.all(), key=lambda s: -LANGUAGE_LEVEL_RANK.get(s.level, 0))
    return MemberCompetence(
        age=age, name=name, shared=True,
        highest_level=_level_label(registration.highest_level, IscedLevel) if registration.highest_level else "",
        schooling_years=registration.schooling_years,
        languages=[f"{language_name(s.language)}: {_level_label(s.level, LanguageLevel)}" for s in skills],
        occupations=[_("STYRK %(code)s: %(years)s years")
                     % {"code": occupation_title(w.occupation, get_language() or "nb"), "years": _years(w.years)}
                     for w in registration.work_experiences.all()],
        qualifications=[q.title for q in registration.qualifications.all()] if full else [],
        driving_licence=(_level_label(registration.driving_licence, DrivingLicence)
                         if registration.driving_licence else ""),
        wishes=[w for w in (registration.wish_work, registration.wish_education, registration.wish_residence) if w]
        if full else [],
    )


def _years(value) -> str:
    """6 or 2,5 (the decimal sign of the reader's language)."""
    return floatformat(value, -1)


def competence_text(competence: CaseCompetence) -> str:
    """One line per member aged 16+, for the API and the exports: the same coded facts as the page ("" when no
    member's registration is shared, so the case's old free-text summary is used instead)."""
    if not competence.any_registration:
        return ""
    lines = []
    for member in competence.members:
        who = member.name or _("Adult %(age)d") % {"age": member.age}
        if not member.shared:
            lines.append(_("%(who)s: not shared") % {"who": who})
            continue
        facts = [fact for fact in (member.highest_level, ", ".join(member.languages), ", ".join(member.occupations),
                                   _("driving licence: %(licence)s") % {"licence": member.driving_licence}
                                   if member.driving_licence else "") if fact]
        lines.append(f"{who}: " + "; ".join(facts or [_("nothing registered yet")]))
    return "\n".join(lines)


def interview_needs_by_case(cases: Sequence[Case]) -> dict[int, list[str]]:
    """The coded housing needs from each case's completed interview (no free text). One query."""
    sizes = {case.pk: case.persons_count for case in cases}
    result = {}
    for row in SettlementInterview.objects.filter(case_id__in=list(sizes), status=SettlementInterview.Status.COMPLETED
                                                  ).values("case_id", "accessible_dwelling", "rooms_needed",
                                                           "must_live_together"):
        needs = []
        if row["accessible_dwelling"]:
            needs.append(_("Needs a wheelchair-accessible dwelling"))
        if row["rooms_needed"]:
            needs.append(_("Bedrooms needed: %(rooms)d") % {"rooms": row["rooms_needed"]})
        if row["must_live_together"] and sizes[row["case_id"]] > 1:
            needs.append(_("The whole case must live together"))
        result[row["case_id"]] = needs
    return result
