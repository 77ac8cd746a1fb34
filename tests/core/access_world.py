"""The objects the access matrix fills route ids with: for each kind of object, one the viewer may reach and ones
of other organisations, a person in a case only proposed to Oslo, a shielded person, another applicant's
application. Built once per test module through the services, as the application builds them."""

import datetime
import itertools
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone
from django_tasks.backends.database.models import DBTaskResult

from nyinorge.core.api_scopes import CLIENT_ROLES
from nyinorge.core.identifiers import synthetic_national_identity_number
from nyinorge.core.models import DuplicatePair, Municipality, Organisation, Person, User
from nyinorge.core.roles import Role
from nyinorge.core.services.api_clients import api_client_issue
from nyinorge.core.services.merges import person_merge
from nyinorge.core.services.organisations import reception_centre_create
from nyinorge.core.services.people import family_relation_add, person_create
from nyinorge.core.services.reference import directorate
from nyinorge.core.services.users import user_create
from nyinorge.grants.models import GrantLine, GrantRun, SpecialGrantApplication
from nyinorge.grants.services.special import special_grant_create, special_grant_document_add
from nyinorge.interpreters.models import Interpreter
from nyinorge.interpreters.services.accounts import interpreter_account_create
from nyinorge.interpreters.services.applications import application_start, application_submit, claim_add, document_add
from nyinorge.interpreters.services.evidence import evidence_add
from nyinorge.interpreters.services.notices import notice_register
from nyinorge.interpreters.services.register import interpreter_create, interpreter_set_status
from nyinorge.interpreters.sources import ContactRecord, PopulationRecord
from nyinorge.interpreters.sources.fakes import the_fake
from nyinorge.register.services.legal_basis import residence_permit_register
from nyinorge.register.services.programme import participation_upsert
from nyinorge.register.services.residence import residence_move
from nyinorge.settlement.models import OutcomeModelVersion, SuggestionRun
from nyinorge.settlement.services.cases import (
    case_accept,
    case_create,
    case_decline,
    case_make_ready,
    case_propose,
)
from nyinorge.settlement.services.decisions import municipal_decision_register
from nyinorge.settlement.services.housing import housing_notice_register
from nyinorge.settlement.services.requests import settlement_year_create
from tests.core.access_world_competence import competence_world_build
from tests.core.access_world_kombo import kombo_world_build
from tests.core.access_world_schemes import schemes_world_build
from tests.interpreters.documents import pdf_bytes, upload

YEAR = 2019
BERGEN_DECLINE_REASON = "Bergen har ingen bolig med heis (matrise)."
# The world's reception-centre cases have no settlement interview: the guard's stated exception.
READY_REASON = "Intervjuet er holdt utenfor plattformen (matrise)."
MOVED_IN = datetime.date(2019, 1, 10)
_serials = itertools.count(200)


@dataclass
class Principal:
    """One way in: a demo role's user (session), an API client (token), an interpreter's login, or nobody."""

    name: str
    roles: frozenset[Role] = frozenset()
    organisation: Organisation | None = None
    user: User | None = None
    token: str | None = None
    token_scopes: frozenset[str] = frozenset()
    interpreter: Interpreter | None = None
    resident: object | None = None  # a resident's own Kompass login (competence.ResidentLogin)
    client: Client = field(default_factory=lambda: Client(HTTP_ACCEPT_LANGUAGE="en"))

    @property
    def logged_in(self) -> bool:
        return self.user is not None and self.token is None


@dataclass
class Target:
    """An object a route's ids are filled with, and the facts the expected answer is derived from."""

    label: str
    ids: dict
    municipality: str | None = None  # a person's municipality (residence, or an accepted case), an object's owner
    centre: int | None = None  # a person's reception centre, a case's
    shielded: bool = False
    case_state: str = ""
    organisation: int | None = None  # the organisation that registered the object
    interpreter: int | None = None  # the interpreter whose object it is
    listed: bool = False
    draft: bool = False  # a special grant application not yet submitted (or a grant application)
    admin_organisation: int | None = None  # the organisation administering a grant call
    reviewer: int | None = None  # the user reviewing a grant application (declared impartial, so sees it)
    review_assignee: int | None = None  # the user a grant review is assigned to (not removed for a conflict)
    call_open: bool = False
    call_kinds: tuple[str, ...] = ()


@dataclass
class Secret:
    """What must never be in a response to someone who may not see its owner."""

    owner: str  # the key of the person or interpreter
    values: tuple[str, ...]


@dataclass
class World:
    principals: list[Principal]
    targets: dict[str, list[Target]]
    people: dict[str, Target]  # person key → its facts (for the person-scope rule)
    person_secrets: dict[str, Secret]
    applicant_secrets: dict[str, Secret]
    admin_ids: dict[str, str]
    grant_secrets: dict[str, "Target"] = field(default_factory=dict)  # an application's title → its target


def _person(actor, given, family, *, municipality=None, centre=None, born=datetime.date(1990, 5, 17)):
    national_id = synthetic_national_identity_number(born, serial=next(_serials) % 300)
    person = person_create(actor=actor, given_name=given, family_name=family, birth_date=born,
                           residence_municipality=Municipality.objects.get(number=municipality) if municipality else None,
                           reception_centre=centre, national_id=national_id)
    if municipality:
        residence_move(actor=actor, person=person, to_municipality=Municipality.objects.get(number=municipality),
                       moved_on=MOVED_IN)
        person.refresh_from_db()
    return person


def _applicant(given: str, family: str) -> Interpreter:
    number = synthetic_national_identity_number(datetime.date(1985, 3, 3), serial=next(_serials) % 300)
    the_fake().people[number] = PopulationRecord(number, given, family, "Storgata 1", "0182", "OSLO", "0301")
    the_fake().contacts[number] = ContactRecord(phone="+47 40000000")
    user = interpreter_account_create(person_number=number, email=f"{given}.{family}@example.org".lower(),
                                      password="a long enough test password 42")
    return Interpreter.objects.get(user=user)


def world_build() -> World:
    caseworker = user_create(username="matrix-saksbehandler", organisation=directorate(),
                             roles=[Role.DIRECTORATE_CASEWORKER], password=None)
    oslo_org = Organisation.objects.get(kind=Organisation.Kind.MUNICIPALITY, municipality_id="0301")
    bergen_org = Organisation.objects.get(kind=Organisation.Kind.MUNICIPALITY, municipality_id="4601")
    oslo, bergen = Municipality.objects.get(number="0301"), Municipality.objects.get(number="4601")
    lier = reception_centre_create(name="Matrise mottak Lier", operator="Drift AS",
                                   host_municipality=Municipality.objects.get(number="3049")).organisation
    stord = reception_centre_create(name="Matrise mottak Stord", operator="Drift AS",
                                    host_municipality=Municipality.objects.get(number="4614")).organisation

    def login(name, roles, organisation, **extra):
        return user_create(username=f"matrix-{name}", organisation=organisation, roles=roles, password=None, **extra)

    oslo_user = login("oslo", [Role.MUNICIPALITY_CASEWORKER], oslo_org)
    bergen_user = login("bergen", [Role.MUNICIPALITY_CASEWORKER], bergen_org)
    administrator = login("admin", [Role.DIRECTORATE_ADMINISTRATOR], directorate())
    reviewer = login("reviewer", [Role.INTERPRETER_REGISTER_REVIEWER], directorate())

    # People: an Oslo resident, a Bergen resident, a family in a case only proposed to Oslo, a shielded family
    # in Oslo whose case Oslo accepted, a resident of the Lier centre in a case Oslo accepted.
    olav = _person(caseworker, "Olav", "Oslomatrise", municipality="0301")
    oline = _person(caseworker, "Oline", "Oslonabomatrise", municipality="0301")
    bjarne = _person(caseworker, "Bjarne", "Bergenmatrise", municipality="4601")
    bodil = _person(caseworker, "Bodil", "Bergennabomatrise", municipality="4601")
    petra = _person(caseworker, "Petra", "Foreslaattmatrise", centre=stord)
    paul = _person(caseworker, "Paul", "Foreslaattbarnmatrise", centre=stord, born=datetime.date(2015, 2, 2))
    sigrid = _person(caseworker, "Sigrid", "Skjermetmatrise", municipality="0301")
    sverre = _person(caseworker, "Sverre", "Skjermetektefellematrise", municipality="0301")
    anna = _person(caseworker, "Anna", "Akseptertmatrise", centre=lier)
    aksel = _person(caseworker, "Aksel", "Ektefellematrise", centre=lier)  # Anna's husband, not in the case
    birk = _person(caseworker, "Birk", "Bergenforslagmatrise", centre=stord)
    dina = _person(caseworker, "Dina", "Avslaattmatrise", centre=stord)
    relation_of = {
        person.pk: family_relation_add(actor=caseworker, person=person, relative=relative, kind="spouse")
        for person, relative in ((olav, oline), (bjarne, bodil), (petra, paul), (sigrid, sverre), (anna, aksel))}
    # Possible duplicates: Olav and Bjarne (both seen by the data-quality officer), Olav and the shielded Sigrid.
    pairs = {key: DuplicatePair.objects.create(person_a=olav, person_b=other, match_weight=9.5, match_probability=0.998,
                                               found_by="batch", reasons=[])
             for key, other in (("bjarne", bjarne), ("sigrid", sigrid))}
    permits = {}
    for person in (olav, bjarne, petra, sigrid, anna):
        permits[person.pk] = residence_permit_register(actor=caseworker, person=person, permit_type="asylum",
                                                       permit_date=datetime.date(2018, 12, 1)).pk
    records = {}
    for person, user, municipality in ((olav, oslo_user, oslo), (sigrid, oslo_user, oslo), (bjarne, bergen_user, bergen)):
        record, _created = participation_upsert(actor=user, client=None, client_ref=None, person=person,
                                                municipality=municipality,
                                                data={"start": datetime.date(2019, 2, 1),
                                                      "planned_end": datetime.date(2021, 1, 31)})
        records[person.pk] = record.pk
        # WS4 answers only for records settled for a minute (`register.selectors.ws4.SETTLE`).
        type(record).objects.filter(pk=record.pk).update(updated_at=timezone.now() - datetime.timedelta(days=1))

    year = settlement_year_create(actor=caseworker, year=YEAR, national_target=5000)
    for municipality in (oslo, bergen):
        municipal_decision_register(actor=caseworker, year=year, municipality=municipality, persons=10,
                                    unaccompanied_minors=0, decided_on=datetime.date(2019, 1, 15))

    def case(members, municipality, *, accept_by=None, centre=None, shielded=False):
        new = case_create(actor=caseworker, category="reception", members=members, shielded_identity=shielded,
                          decision_date=datetime.date(2019, 1, 20), reception_centre=centre)
        new = case_propose(actor=caseworker, case=case_make_ready(actor=caseworker, case=new, reason=READY_REASON),
                           municipality=municipality, year=year)
        return case_accept(actor=accept_by, case=new) if accept_by else new

    proposed_case = case([petra, paul], oslo, centre=stord)
    shielded_case = case([sigrid, sverre], oslo, accept_by=oslo_user, shielded=True)
    accepted_case = case([anna], oslo, accept_by=oslo_user, centre=lier)
    bergen_case = case([birk], bergen, centre=stord)
    # Declined by Bergen, then proposed to Oslo: Bergen's answer and its reason are Bergen's business.
    declined_case = case([dina], bergen, centre=stord)
    declined_case = case_decline(actor=bergen_user, case=declined_case, reason=BERGEN_DECLINE_REASON)
    declined_case = case_propose(actor=caseworker, case=case_make_ready(actor=caseworker, case=declined_case, reason=READY_REASON),
                                 municipality=oslo, year=year)

    # Merges of duplicates: two records of an Oslo resident merged, and a record merged into a shielded person
    # (whose old record now belongs to the shielded identity: hidden as it is).
    merger = login("fletter", [Role.DATA_QUALITY_OFFICER, Role.SHIELDED_IDENTITY_OFFICER], directorate())
    mette = _person(caseworker, "Mette", "Flettetmatrise", municipality="0301")
    mattis = _person(caseworker, "Mattis", "Flettetduplikatmatrise", municipality="0301")
    sunniva = _person(caseworker, "Sunniva", "Skjermetflettetmatrise", municipality="0301")
    solveig = _person(caseworker, "Solveig", "Skjermetduplikatmatrise", municipality="0301")
    case([sunniva], oslo, accept_by=oslo_user, shielded=True)
    merges = {
        "plain": person_merge(actor=merger, survivor=mette, merged=mattis, reason="Matrise: samme person."),
        "shielded": person_merge(actor=merger, survivor=sunniva, merged=solveig, reason="Matrise: samme person."),
    }

    oslo_notice = housing_notice_register(actor=oslo_user, municipality=oslo, rooms=3, accessible=False,
                                          ready_date=datetime.date(2026, 1, 1), available_until=datetime.date(2027, 1, 1))
    bergen_notice = housing_notice_register(actor=bergen_user, municipality=bergen, rooms=2, accessible=False,
                                            ready_date=datetime.date(2026, 1, 1),
                                            available_until=datetime.date(2027, 1, 1))
    model_version = OutcomeModelVersion.objects.create(
        version="matrise", trained_at=timezone.now(), from_year=2015, to_year=2018, features=["employment"],
        artefact="", calibration=[1.0, 0.0], record_count=120, auc=0.7, brier=0.2,
        card={"base_rate": 0.6, "auc": 0.7, "brier": 0.2, "folds": 5, "reliability": [],
              "groups": {"sex": [{"group": "female", "records": 60, "observed": 0.5, "predicted": 0.5, "auc": 0.7,
                                  "brier": 0.2}, {"group": "male", "records": 3, "suppressed": True}]}})
    run = SuggestionRun.objects.create(year=year, created_by=caseworker, status=SuggestionRun.Status.DONE,
                                       result={"items": []}, outcome_model=model_version)
    # Grants: an approved first instalment paying Oslo for Olav and the shielded Sigrid, Bergen for Bjarne.
    approver = login("godkjenner", [Role.DIRECTORATE_CASEWORKER], directorate())
    grant_run = GrantRun.objects.create(budget_year=YEAR, instalment=1, created_by=caseworker, approved_by=approver,
                                        status=GrantRun.Status.APPROVED, approved_at=timezone.now(), progress=100)
    grant_lines = {
        person.pk: GrantLine.objects.create(
            run=grant_run, municipality_id=number, scheme="integration", chapter=291, post=60, person=person,
            rate_group="adult", year_after_settlement=1, amount=45000, reason=f"settled 2019-02-01 in {number}")
        for person, number in ((olav, "0301"), (sigrid, "0301"), (bjarne, "4601"))}
    # Special grants: Oslo's granted applications for Olav and the shielded Sigrid and its draft for Olav, Bergen's
    # refusal for Bjarne, each with a document (made as drafts, then given their state as a decision would).
    special = {}
    for key, person, user, state, amount in (("olav", olav, oslo_user, "granted", 500000),
                                             ("sigrid", sigrid, oslo_user, "granted", 500000),
                                             ("draft", olav, oslo_user, "draft", None),
                                             ("bjarne", bjarne, bergen_user, "refused", 0)):
        application = special_grant_create(actor=user, person=person, kind="disability_2", budget_year=YEAR, years=1,
                                           amount_applied=500000, needs="Matrise: behov.", costs="Matrise: kostnader.")
        document = special_grant_document_add(actor=user, application=application,
                                              upload=upload("dokumentasjon.pdf", pdf_bytes()))
        if state != "draft":
            SpecialGrantApplication.objects.filter(pk=application.pk).update(
                state=state, amount_granted=amount, years_granted=1 if amount else None, decided_by=caseworker,
                decided_at=timezone.now(), decision_reasons="Matrise: begrunnelse.",
                appeal_deadline=timezone.localdate() + datetime.timedelta(weeks=3), submitted_at=timezone.now())
        special[key] = (application.pk, document.pk)

    # Interpreters: one on the public list, the applicant who logs in (a draft), another applicant (submitted).
    listed = interpreter_create(actor=caseworker, given_name="Lars", family_name="Listetolk",
                                municipality=oslo)
    evidence_add(actor=caseworker, interpreter=listed, kind="authorisation", language="ar",
                            obtained_on=datetime.date(2015, 6, 1), status="approved", source="screen")
    interpreter_set_status(actor=caseworker, interpreter=listed, status="active")
    own = _applicant("Amina", "Egensoker")
    other = _applicant("Omar", "Annensoker")
    applications, claims, documents = {}, {}, {}
    for applicant in (own, other):
        application = application_start(actor=applicant.user, interpreter=applicant)
        claim = claim_add(actor=applicant.user, application=application, kind="authorisation", language="ar",
                          obtained_on=datetime.date(2015, 6, 1))
        document = document_add(actor=applicant.user, application=application, claim=claim,
                                upload=upload("bevis.pdf", pdf_bytes()))
        applications[applicant.pk], claims[applicant.pk], documents[applicant.pk] = application, claim, document
    application_submit(actor=other.user, application=applications[other.pk])
    oslo_report = notice_register(actor=oslo_user, interpreter=listed, topic="conduct",
                                  assignment_date=datetime.date(2026, 1, 5), description="Kom for sent.")
    bergen_report = notice_register(actor=bergen_user, interpreter=listed, topic="conduct",
                                    assignment_date=datetime.date(2026, 1, 6), description="Kom ikke.")

    ws4_client, ws4_token = api_client_issue(actor=administrator, organisation=oslo_org, name="Matrise WS4",
                                             scopes=["ws4:read", "ws4:write"])
    settlement_client, settlement_token = api_client_issue(
        actor=administrator, organisation=oslo_org, name="Matrise fagsystem",
        scopes=["settlement:read", "settlement:answer", "settlement:housing"])
    scheme_principals, scheme_targets, grant_secrets = schemes_world_build(login, oslo_org, Target, Principal)
    designated = login("skjerming", [Role.DIRECTORATE_CASEWORKER, Role.SHIELDED_IDENTITY_OFFICER], directorate())
    resident_principal, reza = competence_world_build(caseworker, lier, _person, Principal)
    principals = [
        Principal("directorate caseworker", frozenset({Role.DIRECTORATE_CASEWORKER}), directorate(), caseworker),
        Principal("designated officer", frozenset(designated.roles), directorate(), designated),
        Principal("municipality (Oslo)", frozenset({Role.MUNICIPALITY_CASEWORKER}), oslo_org, oslo_user),
        Principal("reception centre (Lier)", frozenset({Role.RECEPTION_STAFF}), lier,
                  login("mottak", [Role.RECEPTION_STAFF], lier)),
        Principal("analyst", frozenset({Role.ANALYST}), directorate(), login("analyst", [Role.ANALYST], directorate())),
        Principal("interpreter reviewer", frozenset({Role.INTERPRETER_REGISTER_REVIEWER}), directorate(), reviewer),
        Principal("administrator", frozenset({Role.DIRECTORATE_ADMINISTRATOR}), directorate(), administrator),
        Principal("data-quality officer", frozenset({Role.DATA_QUALITY_OFFICER}), directorate(),
                  login("datakvalitet", [Role.DATA_QUALITY_OFFICER], directorate())),
        Principal("interpreter applicant", user=own.user, interpreter=own),
        resident_principal,
        *scheme_principals,
        # A client's service user acts with the roles its organisation's kind gives clients.
        Principal("WS4 client (Oslo)", frozenset(CLIENT_ROLES[oslo_org.kind]), oslo_org, ws4_client.user,
                  ws4_token, frozenset(ws4_client.scopes)),
        Principal("settlement API client (Oslo)", frozenset(CLIENT_ROLES[oslo_org.kind]), oslo_org,
                  settlement_client.user, settlement_token, frozenset(settlement_client.scopes)),
        Principal("anonymous"),
    ]
    for principal in principals:
        if principal.logged_in:
            principal.client.force_login(principal.user)

    people = {
        "olav": Target("Oslo resident", {}, municipality="0301"),
        "oline": Target("Oslo resident", {}, municipality="0301"),
        "bjarne": Target("Bergen resident", {}, municipality="4601"),
        "bodil": Target("Bergen resident", {}, municipality="4601"),
        "petra": Target("in a case only proposed to Oslo", {}, centre=stord.pk),
        "paul": Target("in a case only proposed to Oslo", {}, centre=stord.pk),
        "sigrid": Target("shielded, Oslo", {}, municipality="0301", shielded=True),
        "sverre": Target("shielded, Oslo", {}, municipality="0301", shielded=True),
        "anna": Target("Lier resident, accepted by Oslo", {}, municipality="0301", centre=lier.pk),
        "aksel": Target("Lier resident", {}, centre=lier.pk),
        "birk": Target("in a case proposed to Bergen", {}, centre=stord.pk),
        "dina": Target("declined by Bergen, proposed to Oslo", {}, centre=stord.pk),
        "reza": Target("Lier resident with a Kompass login", {}, centre=lier.pk),
        "mette": Target("Oslo resident, a merge's survivor", {}, municipality="0301"),
        "mattis": Target("merged into an Oslo resident", {}, municipality="0301"),
        "sunniva": Target("shielded, Oslo, a merge's survivor", {}, municipality="0301", shielded=True),
        "solveig": Target("merged into a shielded person", {}, municipality="0301", shielded=True),
    }
    objects = {"olav": olav, "oline": oline, "bjarne": bjarne, "bodil": bodil, "petra": petra, "paul": paul,
               "sigrid": sigrid, "sverre": sverre, "anna": anna, "aksel": aksel, "birk": birk, "dina": dina, "reza": reza,
               "mette": mette, "mattis": mattis, "sunniva": sunniva, "solveig": solveig}
    person_targets = []
    for key in ("olav", "bjarne", "petra", "sigrid", "anna"):
        person = objects[key]
        facts = people[key]
        ids = {"person_id": person.pk, "relation_id": relation_of[person.pk].pk, "permit_id": permits[person.pk],
               "kind": "participation"}
        if person.pk in records:  # the others have none: routes that need a record are not tried with them
            ids["record_id"] = records[person.pk]
        person_targets.append(Target(f"{key} ({facts.label})", ids, municipality=facts.municipality,
                                     centre=facts.centre, shielded=facts.shielded))

    def case_target(label, case, centre=None):
        return Target(label, {"case_id": case.pk, "action": "accept"}, municipality=case.municipality_id,
                      centre=centre, case_state=case.state, shielded=case.shielded_identity)

    def interpreter_target(label, interpreter, *, listed_=False):
        return Target(label, {"interpreter_id": interpreter.pk, "evidence_id": interpreter.evidence.first().pk},
                      listed=listed_, interpreter=interpreter.pk)

    def notice_target(label, notice):
        return Target(label, {"notice_id": notice.pk, "name": "withdraw"}, organisation=notice.reporting_organisation_id)

    def own_target(label, applicant):
        return Target(label, {"claim_id": claims[applicant.pk].pk, "document_id": documents[applicant.pk].pk,
                              "application_id": applications[applicant.pk].pk}, interpreter=applicant.pk)

    targets = {
        "person": person_targets,
        "case": [case_target("proposed to Oslo", proposed_case, stord.pk),
                 case_target("shielded, accepted by Oslo", shielded_case),
                 case_target("accepted by Oslo, from Lier", accepted_case, lier.pk),
                 case_target("proposed to Bergen", bergen_case, stord.pk),
                 case_target("declined by Bergen, proposed to Oslo", declined_case, stord.pk)],
        "housing_notice": [Target("Oslo's", {"notice_id": oslo_notice.pk}, municipality="0301"),
                           Target("Bergen's", {"notice_id": bergen_notice.pk}, municipality="4601")],
        "interpreter_notice": [notice_target("reported by Oslo", oslo_report),
                               notice_target("reported by Bergen", bergen_report)],
        "interpreter": [interpreter_target("listed", listed, listed_=True),
                        interpreter_target("another applicant", other)],
        "own_interpreter": [own_target("own application", own), own_target("another applicant's", other)],
        "review": [Target("a submitted application", {
            "application_id": applications[other.pk].pk, "claim_id": claims[other.pk].pk})],
        "run": [Target("a finished run", {"run_id": run.pk})],
        "outcome_model": [Target("a trained outcome model", {"version_id": model_version.pk})],
        "grant_run": [Target("an approved grant run", {"grant_run_id": grant_run.pk})],
        "grant_line": [Target("Oslo's line for Olav", {"grant_line_id": grant_lines[olav.pk].pk}, municipality="0301"),
                       Target("Oslo's line for the shielded Sigrid", {"grant_line_id": grant_lines[sigrid.pk].pk},
                              municipality="0301", shielded=True),
                       Target("Bergen's line", {"grant_line_id": grant_lines[bjarne.pk].pk}, municipality="4601")],
        "grant_municipality": [
            Target(f"grants to {name}", {"municipality_number": number, "year": YEAR, "instalment": 1},
                   municipality=number) for number, name in (("0301", "Oslo"), ("4601", "Bergen"))],
        "year": [Target(str(YEAR), {"year": YEAR})],
        "special_grant": [
            Target("Oslo's granted special grant for Olav", {"special_grant_id": special["olav"][0]}, municipality="0301"),
            Target("Oslo's granted special grant for the shielded Sigrid", {"special_grant_id": special["sigrid"][0]},
                   municipality="0301", shielded=True),
            Target("Oslo's draft special grant application", {"special_grant_id": special["draft"][0]},
                   municipality="0301", draft=True),
            Target("Bergen's refused special grant", {"special_grant_id": special["bjarne"][0]}, municipality="4601")],
        "special_grant_document": [
            Target("a document of Oslo's special grant", {"special_grant_document_id": special["olav"][1]},
                   municipality="0301"),
            Target("a document of Oslo's draft", {"special_grant_document_id": special["draft"][1]},
                   municipality="0301", draft=True),
            Target("a document of Bergen's special grant", {"special_grant_document_id": special["bjarne"][1]},
                   municipality="4601")],
        "merge": [Target("a merge of two Oslo records", {"merge_id": merges["plain"].pk}, municipality="0301"),
                  Target("a record merged into a shielded person", {"merge_id": merges["shielded"].pk},
                         municipality="0301", shielded=True)],
        **scheme_targets,
        **kombo_world_build(caseworker, Target),
        "duplicate_pair": [Target("Olav and Bjarne", {"pair_id": pairs["bjarne"].pk}),
                           Target("Olav and the shielded Sigrid", {"pair_id": pairs["sigrid"].pk}, shielded=True)],
    }

    def secret(person: Person) -> Secret:
        # Every family name is the person's own, so a page that shows it apart from the given name is caught too.
        return Secret(person.pk, (person.full_name, person.family_name, person.national_id))

    person_secrets = {key: secret(person) for key, person in objects.items()}
    applicant_secrets = {
        key: Secret(interpreter.pk, (interpreter.family_name, interpreter.person_number))
        for key, interpreter in (("own", own), ("other", other))}
    access = {"user_agent": "matrix", "ip_address": "127.0.0.1", "username": oslo_user.username, "http_accept": "*/*",
              "path_info": "/login/"}
    admin_ids = {
        "core/county": oslo.county_id, "core/municipality": oslo.pk, "core/organisation": lier.pk,
        "core/user": oslo_user.pk, "core/apiclient": ws4_client.pk,
        "auth/group": Group.objects.create(name="Matrise").pk,
        "axes/accessattempt": AccessAttempt.objects.create(**access, get_data="", post_data="",
                                                           failures_since_start=1).pk,
        "axes/accesslog": AccessLog.objects.create(**access).pk,
        "axes/accessfailurelog": AccessFailureLog.objects.create(**access, locked_out=False).pk,
        "django_tasks_database/dbtaskresult": DBTaskResult.objects.create(
            args_kwargs={}, task_path="nyinorge.tasks.none", backend_name="default", run_after=timezone.now(),
            exception_class_path="", traceback="").pk,
        "content_type_id": ContentType.objects.get_for_model(Person).pk, "person": sigrid.pk,
    }
    return World(principals, targets, people, person_secrets, applicant_secrets,
                 {key: str(value) for key, value in admin_ids.items()}, grant_secrets)
