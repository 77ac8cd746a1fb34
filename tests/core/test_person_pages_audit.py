"""For every role × every personal-data page: the right user gets 200 and exactly one audit entry
for the read; a user of another organisation (or a role without access) gets 403/404 and no entry."""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from nyinorge.core.models import AuditEntry, AuditSubject, Organisation
from nyinorge.core.roles import Role

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Page:
    name: str
    url_name: str
    takes_person: bool
    audit_action: str


PAGES = [
    Page("person detail", "people:detail", True, "view"),
    Page("person edit", "people:edit", True, "view"),
    Page("relation form", "people:relation_create", True, "view"),
    Page("people list", "people:list", False, "view"),
    Page("audit log", "audit:list", False, "view"),
    Page("audit export", "audit:export", False, "export"),
]

# Which pages each role may open for a person of its own organisation (status 200).
ALLOWED = {
    Role.DIRECTORATE_CASEWORKER: {"person detail", "person edit", "relation form", "people list"},
    Role.DIRECTORATE_ADMINISTRATOR: {"audit log", "audit export"},
    Role.ANALYST: set(),
    Role.MUNICIPALITY_CASEWORKER: {"person detail", "people list"},
    Role.RECEPTION_STAFF: {"person detail", "people list"},
    Role.SHIELDED_IDENTITY_OFFICER: set(),  # held beside the caseworker role; alone it opens nothing
    Role.INTERPRETER_REGISTER_REVIEWER: set(),  # the interpreter register only, no person registry
    # The application-based grant schemes: organisations' applications, no person registry.
    Role.GRANT_OFFICER: set(),
    Role.GRANT_REVIEWER: set(),
    Role.GRANT_APPLICANT: set(),
    Role.DATA_QUALITY_OFFICER: {"person detail", "people list"},  # every person, to compare possible duplicates
}


@pytest.fixture
def world(make_user, make_person, municipality_org, reception_centre):
    """Two organisations per role: an own one (with a person) and another one."""
    centre, other_centre = reception_centre("Eget mottak"), reception_centre("Annet mottak", host="4614")
    directorate = Organisation.objects.get(kind="directorate")
    other_directorate_like = Organisation.objects.create(kind=Organisation.Kind.OTHER, name="Other agency")
    people = {
        "oslo": make_person("0301", given_name="Oslo"),
        "centre": make_person(centre=centre, given_name="Centre"),
    }
    own = {
        Role.DIRECTORATE_CASEWORKER: (directorate, people["oslo"]),
        Role.DIRECTORATE_ADMINISTRATOR: (directorate, people["oslo"]),
        Role.ANALYST: (directorate, people["oslo"]),
        Role.MUNICIPALITY_CASEWORKER: (municipality_org("0301"), people["oslo"]),
        Role.RECEPTION_STAFF: (centre, people["centre"]),
        Role.SHIELDED_IDENTITY_OFFICER: (directorate, people["oslo"]),
        Role.INTERPRETER_REGISTER_REVIEWER: (directorate, people["oslo"]),
        Role.GRANT_OFFICER: (directorate, people["oslo"]),
        Role.GRANT_REVIEWER: (directorate, people["oslo"]),
        Role.GRANT_APPLICANT: (municipality_org("0301"), people["oslo"]),
        Role.DATA_QUALITY_OFFICER: (directorate, people["oslo"]),
    }
    other = {
        Role.DIRECTORATE_CASEWORKER: other_directorate_like,
        Role.DIRECTORATE_ADMINISTRATOR: other_directorate_like,
        Role.ANALYST: other_directorate_like,
        Role.MUNICIPALITY_CASEWORKER: municipality_org("4601"),
        Role.RECEPTION_STAFF: other_centre,
        Role.SHIELDED_IDENTITY_OFFICER: other_directorate_like,
        Role.INTERPRETER_REGISTER_REVIEWER: other_directorate_like,
        Role.GRANT_OFFICER: other_directorate_like,
        Role.GRANT_REVIEWER: other_directorate_like,
        Role.GRANT_APPLICANT: other_directorate_like,
        Role.DATA_QUALITY_OFFICER: other_directorate_like,
    }

    def user_in(role, organisation):
        user = make_user(Role.ANALYST if organisation.kind == "other" else role, organisation)
        if organisation.kind == "other":
            # A role given to the wrong kind of organisation (bypassing the service's check) grants nothing.
            user.role_assignments.all().delete()
            user.role_assignments.create(role=role)
            user = type(user).objects.get(pk=user.pk)
        return user

    return {"own": own, "other": other, "user_in": user_in}


def _url(page, person):
    return reverse(page.url_name, args=[person.pk]) if page.takes_person else reverse(page.url_name)


def _reads_concerning(person, since_id):
    entries = AuditEntry.objects.filter(id__gt=since_id, action__in=["view", "export"])
    direct = entries.filter(person=person)
    listed = entries.filter(pk__in=AuditSubject.objects.filter(person=person).values("entry_id"))
    return direct.count() + listed.count()


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
def test_access_matrix(client, world, role, page):
    organisation, person = world["own"][role]
    user = world["user_in"](role, organisation)
    client.force_login(user)
    before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = client.get(_url(page, person))
    reads = AuditEntry.objects.filter(id__gt=before, action__in=["view", "export"])
    if page.name in ALLOWED[role]:
        assert response.status_code == 200, f"{role} should open {page.name}"
        if page.audit_action:
            if page.name == "audit export":
                b"".join(response.streaming_content)
            assert reads.count() == 1
            assert reads.get().action == page.audit_action
            if page.takes_person or page.name == "people list":
                assert _reads_concerning(person, before) == 1
    else:
        assert response.status_code in (403, 404), f"{role} must not open {page.name}"
        assert reads.count() == 0

    # The same role in another organisation: never this person, never an audit entry for them.
    client.logout()
    stranger = world["user_in"](role, world["other"][role])
    client.force_login(stranger)
    before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = client.get(_url(page, person))
    if page.takes_person or page.name not in ALLOWED[role] or role in (Role.DIRECTORATE_CASEWORKER, Role.DIRECTORATE_ADMINISTRATOR,
                                                                                            Role.DATA_QUALITY_OFFICER):
        assert response.status_code in (403, 404)
        assert AuditEntry.objects.filter(id__gt=before, action__in=["view", "export"]).count() == 0
    else:
        # A list page opens, but shows (and logs) only the stranger's own people.
        assert response.status_code == 200
        assert person.identifier.encode() not in response.content
        assert _reads_concerning(person, before) == 0
