"""Audit completeness: every GET page (and export) that shows a person writes exactly one audit entry naming
that person — found by rendering every route, not from a list of the pages that are known to show people.

Each URL pattern is requested as every demo user, its ids filled with the objects that user may see (people,
cases, records, permits, housing notices, settlement years); a person counts as shown when the answer holds their
name or identity number. A route whose ids this test cannot fill must be named in NOT_FILLED with the reason, so
a new route cannot slip past it unseen.
"""

from collections import defaultdict
from itertools import product

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from nyinorge.core.access import people_visible_to, user_can
from nyinorge.core.models import AuditEntry, AuditSubject, Person, User
from nyinorge.core.roles import Capability
from nyinorge.core.selectors.duplicates import duplicate_pairs_visible_to
from nyinorge.grants.selectors.special import may_use_special_grants, special_grant_list
from nyinorge.grants.models import GrantLine, GrantRun
from nyinorge.register.models import RECORD_MODELS, ResidencePermit
from nyinorge.register.selectors.followup import FollowUpList
from nyinorge.settlement.models import HousingNotice, SettlementYear
from nyinorge.settlement.selectors.cases import cases_visible_to

pytestmark = pytest.mark.django_db

DEMO_USERS = ["saksbehandler", "skjerming", "admin", "analytiker", "oslo", "bergen", "mottak", "datakvalitet"]
# Searches that make list pages show people (an empty search shows nobody on some of them).
QUERIES = {"people:list": {"q": "a"}, "register:people": {"q": "a"}, "audit:list": {"person": "a"}}
EXPORTS = {"settlement:queue", "settlement:overdue", "settlement:inbox", "settlement:accepted", "settlement:settled",
           "settlement:residents", "register:followup"}
# Routes this test does not render, each with the reason (the APIs have their own audit tests).
NOT_FILLED = {
    "settlement:suggestion_run": "a suggestion run shows proposals per case, no names (tests/settlement/test_suggestions.py)",
    "settlement:suggestion_propose": "POST only",
    "settlement:suggestion_cancel": "POST only",
    "settlement:outcome_model_version": "a model card: aggregates of the training set, groups under 10 suppressed",
    "settlement:outcome_model_train": "POST only",
    "settlement:outcome_model_activate": "POST only",
    "settlement:outcome_model_deactivate": "POST only",
    "settlement:case_action": "POST only",
    "settlement:housing_withdraw": "POST only",
    "settlement:year_compute": "POST only",
    "settlement:year_override": "POST only",
    "people:relation_delete": "POST only",
    "people:duplicate_model_train": "POST only",
    "people:merge_detail": "the demo has no merge; each read writes one entry naming both persons "
                           "(tests/core/test_merge_pages.py)",
    "statistics:table": "aggregates with small numbers suppressed, no persons",
    "statistics:chart": "aggregates, no persons",
    "grants:run_export": "POST only; the payout file names municipalities, no persons (tests/grants/test_payout.py)",
    "interpreters:profile": "interpreters are public register entries, not persons of the person registry",
    "interpreters:entry": "interpreter register entries (their own audit tests in tests/interpreters)",
    "interpreters:evidence_revoke": "POST only",
    "interpreters:statistics_table": "aggregates",
    "interpreters:statistics_chart": "aggregates",
    "interpreters:apply_claim_edit": "the applicant's own application",
    "interpreters:apply_claim_delete": "POST only",
    "interpreters:apply_document_delete": "POST only",
    "interpreters:apply_notice": "the applicant's own application",
    "interpreters:document_download": "the applicant's own documents (tests/interpreters/test_uploads.py)",
    "interpreters:review_detail": "interpreter applications (tests/interpreters)",
    "interpreters:review_claim_decide": "POST only",
    "interpreters:review_conclude": "POST only",
    "interpreters:notice_create_for": "interpreter register entries",
    "interpreters:notice_detail": "interpreter register entries",
    "interpreters:notice_transition": "POST only",
    "grants:special_action": "POST only",
    "grants:special_appeal": "POST only",
    "grants:special_appeal_decide": "POST only",
    "grants:special_decide": "POST only",
    "grants:special_document_add": "POST only",
    "grants:special_document_remove": "POST only",
    "grants:special_letter": "a PDF (its text is not searchable here); audited as an export (tests/grants/test_special.py)",
    "grants:special_document": "an uploaded file, audited on download (tests/grants/test_special.py)",
    # The application-based schemes: organisations' applications, no persons of the person registry; every read
    # of an application is audited all the same (tests/grants/schemes/).
    "grants:portal": "organisations' grant applications, no persons",
    "grants:payments": "organisations' grant instalments, no persons",
    "grants:payment_prepare": "POST only",
    "grants:payment_approve": "POST only",
    "grants:followup": "organisations' grant follow-up, no persons",
    "grants:repayment_new": "organisations' repayment claims, no persons",
    "grants:repayment_settle": "POST only",
    "grants:reports": "organisations' grant reports, no persons",
    "grants:report": "an organisation's grant report, no persons",
    "grants:report_review": "POST only",
    "grants:control": "control samples of organisations' grants, no persons",
    "grants:control_sample": "control samples of organisations' grants, no persons",
    "grants:control_finding": "POST only",
    "grants:scheme_export": "organisations' applications as a file, audited as an export (tests/grants/schemes/test_followup_pages.py)",
    "grants:schemes": "schemes and calls, no persons",
    "grants:reviews": "organisations' grant applications, no persons",
    "grants:public_calls": "published schemes and calls, no persons",
    "grants:nominate": "a public form (published call); the nomination it writes is audited",
    "grants:applicant_signup": "a signup form, no persons",
    "grants:portal_call": "a call and its scheme, no persons",
    "grants:application_new": "POST only",
    "grants:application": "organisations' grant applications, no persons",
    "grants:application_edit": "organisations' grant applications, no persons",
    "grants:application_document_add": "POST only",
    "grants:application_document_remove": "POST only",
    "grants:application_document": "an organisation's uploaded file, audited on download",
    "grants:application_action": "POST only",
    "grants:application_appeal": "organisations' grant applications, no persons",
    "grants:scheme": "a scheme, its calls and figures, no persons",
    "grants:delegations": "schemes delegated to municipalities, no persons",
    "grants:appeals": "organisations' grant applications, no persons",
    "grants:call_new": "a form, no persons",
    "grants:call": "organisations' grant applications, no persons",
    "grants:call_edit": "a call's form, no persons",
    "grants:call_ranking": "organisations' grant applications, no persons",
    "grants:application_case": "an organisation's grant application, no persons",
    "grants:application_letter": "a PDF; audited as an export (tests/grants/schemes/test_letter.py)",
    "grants:review": "an organisation's grant application, no persons",
    "grants:call_start_review": "POST only",
    "grants:call_assign": "POST only",
    "grants:call_proposal": "POST only",
    "grants:application_start_review": "POST only",
    "grants:application_assign": "POST only",
    "grants:application_decide": "POST only",
    "grants:application_appeal_decide": "POST only",
    "grants:application_prize_decide": "POST only",
    "grants:review_declare": "POST only",
    # Kompass: the resident's own pages (a resident's login; each view is audited naming them,
    # tests/competence/test_self_registration.py) and the staff's POST that issues a code.
    "competence:resident_section": "the resident's own registration, a section per page (tests/competence)",
    "competence:staff_issue_code": "POST only",
    # KomBo: the demo has no mission; the pages that name persons are checked in tests/competence/test_kombo.py.
    "competence:mission": "a mission and its uploads, no persons",
    "competence:mission_kit": "the offline kit: its records stay encrypted in the browser, the page shows no person",
    "competence:mission_kit_worker": "the kit's service worker (JavaScript), no persons",
    "competence:mission_kit_form": "the kit's form definition (code lists), no persons",
    "competence:mission_upload": "an upload form; the upload's audit entry is tested in tests/competence/test_kombo.py",
    "competence:mission_batch": "an upload's report, audited once per view (tests/competence/test_kombo.py)",
    "competence:mission_record": "a duplicate or conflict to review, audited once per view "
                                 "(tests/competence/test_kombo.py)",
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data once for the module, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", "--force")
        _approved_grant_run()
        yield
        transaction.set_rollback(True)


def _approved_grant_run() -> None:
    """The demo settles in today's year; its grants at the 2020 rates (the data file has none for today), approved."""
    from django.utils import timezone

    from nyinorge.grants.models import GrantRate
    from nyinorge.grants.services.runs import grant_run_approve, grant_run_compute, grant_run_start

    year = timezone.localdate().year
    if not GrantRate.objects.filter(budget_year=year).exists():
        GrantRate.objects.bulk_create([GrantRate(budget_year=year, scheme=r.scheme, rate_group=r.rate_group,
                                                 year_after_settlement=r.year_after_settlement, amount=r.amount,
                                                 unit=r.unit, source="test: the 2020 rate", assumed=True)
                                       for r in GrantRate.objects.filter(budget_year=2020)])
    run = grant_run_start(actor=User.objects.get(username="saksbehandler"), budget_year=year, instalment=1)
    grant_run_approve(actor=User.objects.get(username="skjerming"), run=grant_run_compute(run_id=run.pk))


def page_patterns(resolver=None, namespace: str = "") -> list[tuple[str, URLPattern]]:
    """Every named page pattern outside the admin and the JSON APIs, as (namespaced name, pattern)."""
    found = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            if inner.startswith(("admin", "api", "ws4")) or str(pattern.pattern).startswith("api/"):
                continue
            found += page_patterns(pattern, inner)
        elif pattern.name:
            found.append((namespace + pattern.name, pattern))
    return found


def _ids(user: User) -> dict[str, list]:
    """The values each path argument takes for the user: objects it may see, a few of each kind."""
    people = list(people_visible_to(user).order_by("pk"))
    with_records = {pk for model in RECORD_MODELS.values() for pk in model.objects.values_list("person_id", flat=True)}
    # The people with most to show first: with register records, a permit, in a shielded case, in a case.
    people.sort(key=lambda p: (p.pk not in with_records, not p.residence_permits.exists(),
                               not p.settlement_memberships.filter(case__shielded_identity=True).exists(),
                               not p.settlement_memberships.exists(), p.pk))
    chosen = people[:4]
    cases = list(cases_visible_to(user).order_by("-shielded_identity", "pk")[:4])
    lines = GrantLine.objects.all()
    if user.organisation and user.organisation.municipality_id:
        lines = lines.filter(municipality_id=user.organisation.municipality_id)
    special_applications = (list(special_grant_list(actor=user)[:2]) if may_use_special_grants(user) else [])
    return {
        "person_id": [p.pk for p in chosen],
        "case_id": [c.pk for c in cases],
        "notice_id": list(HousingNotice.objects.order_by("pk").values_list("pk", flat=True)[:2]),
        "year": sorted(set(SettlementYear.objects.order_by("year").values_list("year", flat=True)[:1])
                       | set(GrantRun.objects.values_list("budget_year", flat=True))),
        "instalment": [1],
        "grant_run_id": list(GrantRun.objects.order_by("pk").values_list("pk", flat=True)[:1]),
        "grant_line_id": list(lines.filter(person__isnull=False).order_by("pk").values_list("pk", flat=True)[:2]),
        "municipality_number": [user.organisation.municipality_id or "0301"] if user.organisation else ["0301"],
        "which": [choice.value for choice in FollowUpList],
        "special_grant_id": [a.pk for a in special_applications],
        "pair_id": list(duplicate_pairs_visible_to(user).order_by("pk").values_list("pk", flat=True)[:2])
        if user_can(user, Capability.MANAGE_DUPLICATES) else [],
    }


def _argument_sets(name: str, pattern: URLPattern, ids: dict[str, list]) -> list[dict] | None:
    """Every combination of argument values to request (None: an argument this test cannot fill)."""
    arguments = list(pattern.pattern.converters)
    if not arguments:
        return [{}]
    if "record_id" in arguments or "permit_id" in arguments:
        return _record_arguments(name, ids["person_id"])
    if "kind" in arguments and set(arguments) == {"person_id", "kind"}:
        return [{"person_id": p, "kind": k} for p, k in product(ids["person_id"], sorted(RECORD_MODELS))]
    if any(argument not in ids for argument in arguments):
        return None
    return [dict(zip(arguments, values, strict=True)) for values in product(*(ids[a] for a in arguments))]


def _record_arguments(name: str, person_ids: list[int]) -> list[dict]:
    sets = []
    for person_id in person_ids:
        if name == "register:permit_edit":
            sets += [{"person_id": person_id, "permit_id": pk}
                     for pk in ResidencePermit.objects.filter(person_id=person_id).values_list("pk", flat=True)[:1]]
            continue
        for kind, model in sorted(RECORD_MODELS.items()):
            sets += [{"person_id": person_id, "kind": kind, "record_id": pk}
                     for pk in model.objects.filter(person_id=person_id).values_list("pk", flat=True)[:1]]
    return sets


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def _shown(body: str, people: list[Person]) -> tuple[set[int], list[set[int]]]:
    """The people whose identity number the answer holds, and the groups of namesakes whose name it holds
    (the demo has two "Abdi Warsame": a name alone does not tell which of them is shown)."""
    by_number = {person.pk for person in people if person.identifier and person.identifier in body}
    namesakes: dict[str, set[int]] = defaultdict(set)
    for person in people:
        namesakes[f"{person.given_name} {person.family_name}"].add(person.pk)
        namesakes[f"{person.family_name}, {person.given_name}"].add(person.pk)  # lists sorted by family name
    by_name = [group for name, group in namesakes.items() if name in body and not group & by_number]
    return by_number, by_name


def _named(entries: list[AuditEntry]) -> dict[int, int]:
    """How many of the entries name each person (as the entry's person or as a subject)."""
    counts: dict[int, int] = defaultdict(int)
    for entry in entries:
        named = {entry.person_id} if entry.person_id else set()
        named |= set(AuditSubject.objects.filter(entry=entry).values_list("person_id", flat=True))
        for person_id in named:
            counts[person_id] += 1
    return counts


def test_every_page_showing_a_person_writes_exactly_one_entry_naming_them(client, demo):
    people = list(Person.objects.all())
    assert len(people) >= 20, "the demo data should hold enough people to show"
    patterns = page_patterns()
    unknown = set(NOT_FILLED) - {name for name, _ in patterns}
    assert not unknown, f"NOT_FILLED names routes that no longer exist: {sorted(unknown)}"
    problems, audited_routes, requests, unfilled = [], set(), 0, set()
    for username in DEMO_USERS:
        user = User.objects.get(username=username)
        client.force_login(user)
        ids = _ids(user)
        for name, pattern in patterns:
            if name in NOT_FILLED:
                continue
            argument_sets = _argument_sets(name, pattern, ids)
            if argument_sets is None:
                unfilled.add(name)
                continue
            for kwargs in argument_sets:
                url = reverse(name, kwargs=kwargs)
                for params in [QUERIES.get(name, {})] + ([{"format": "csv"}] if name in EXPORTS else []):
                    before = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
                    response = client.get(url, params)
                    requests += 1
                    if response.status_code != 200:
                        continue
                    by_number, by_name = _shown(_body(response), people)
                    if not by_number and not by_name:
                        continue
                    counts = _named(list(AuditEntry.objects.filter(pk__gt=before)))
                    audited_routes.add(name)
                    wrong = {pk: counts.get(pk, 0) for pk in by_number if counts.get(pk, 0) != 1}
                    # One of the namesakes is shown: exactly one entry names one of them, none names one twice.
                    wrong |= {tuple(group): [counts.get(pk, 0) for pk in group] for group in by_name
                              if sum(counts.get(pk, 0) for pk in group) < 1 or any(counts.get(pk, 0) > 1 for pk in group)}
                    if wrong:
                        problems.append(f"{username} {url}?{params}: persons shown with entries naming them {wrong}")
    assert not unfilled, f"routes whose ids this test cannot fill (add to _ids or NOT_FILLED): {sorted(unfilled)}"
    assert not problems, "\n".join(problems)
    # The pages known to show people must have been reached: otherwise the test would pass by showing nothing.
    assert ({"people:list", "people:detail", "people:edit", "people:relation_create", "register:person",
            "register:record_create", "register:record_edit", "register:permit_edit", "register:move", "settlement:case",
            "audit:list", "audit:export", "grants:special_list", "grants:special_detail", "grants:special_edit",
            "grants:index", "grants:municipality", "grants:line"}
           <= audited_routes), audited_routes
    print(f"\naudit completeness: {len(patterns)} page routes, {requests} requests, "
          f"{len(audited_routes)} routes show a person: {sorted(audited_routes)}")
