"""Notices against interpreters: registered by a public body, assessed by reviewers, suspension takes the
interpreter off the public search (page and API) and lifting puts them back; who may do what; audit and email."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from nyinorge.core.models import AuditEntry, Organisation
from nyinorge.core.roles import Role
from nyinorge.interpreters.models import Interpreter, Notice
from nyinorge.interpreters.services.notices import IllegalNoticeTransition, notice_register, notice_transition
from tests.interpreters.apply_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

ASSIGNMENT = datetime.date(2026, 3, 2)


@pytest.fixture
def oslo(make_user):
    return make_user(Role.MUNICIPALITY_CASEWORKER, Organisation.objects.get(kind="municipality", municipality_id="0301"))


@pytest.fixture
def bergen(make_user):
    return make_user(Role.MUNICIPALITY_CASEWORKER, Organisation.objects.get(kind="municipality", municipality_id="4601"))


@pytest.fixture
def interpreter(listed):
    interpreter = listed("ar", given_name="Kamal", family_name="Karimi", email="kamal@example.org")
    return interpreter


def in_public_search(client, full_name: str) -> bool:
    """Whether the public search finds the interpreter, asked by family name (page and API agree)."""
    family_name = full_name.split()[-1]
    api = client.get("/api/v1/interpreters/", {"name": family_name}).json()
    page = client.get(reverse("interpreters:search"), {"name": family_name}).content.decode()
    assert (full_name in page) == any(item["name"] == full_name for item in api["results"])
    return full_name in page


def register(actor, interpreter, **fields):
    return notice_register(actor=actor, interpreter=interpreter, topic=fields.get("topic", "conduct"),
                           assignment_date=fields.get("assignment_date", ASSIGNMENT),
                           description=fields.get("description", "Tolken kom en time for sent og gikk tidlig."))


def test_suspension_takes_the_interpreter_off_the_public_list_and_lifting_puts_them_back(
        client, interpreter, oslo, reviewer, django_capture_on_commit_callbacks):
    assert in_public_search(client, "Kamal Karimi")
    notice = register(oslo, interpreter)
    assert notice.state == "registered" and notice.reporting_organisation == oslo.organisation
    notice_transition(actor=reviewer, notice=notice, name="assess")
    with django_capture_on_commit_callbacks(execute=True):
        notice = notice_transition(actor=reviewer, notice=notice, name="suspend", reason="Gjentatte brudd.")
    interpreter.refresh_from_db()
    assert notice.state == "suspended" and interpreter.status == Interpreter.Status.SUSPENDED
    assert not in_public_search(client, "Kamal Karimi")
    assert client.get(f"/api/v1/interpreters/{interpreter.pk}").status_code == 404
    assert mail.outbox[-1].to == ["kamal@example.org"] and "Gjentatte" not in mail.outbox[-1].body
    with django_capture_on_commit_callbacks(execute=True):
        notice = notice_transition(actor=reviewer, notice=notice, name="lift", reason="Har fullført veiledning.")
    interpreter.refresh_from_db()
    assert notice.state == "suspension_lifted" and interpreter.status == Interpreter.Status.ACTIVE
    assert in_public_search(client, "Kamal Karimi")
    details = list(AuditEntry.objects.filter(object_type="interpreters.notice", object_id=str(notice.pk))
                   .values_list("detail", flat=True))
    assert any("registered" in d for d in details) and any("suspend: under_assessment → suspended" in d for d in details)
    assert AuditEntry.objects.filter(object_type="interpreters.interpreter", object_id=str(interpreter.pk),
                                     detail__contains="active → suspended").exists()
    assert [e.name for e in notice.events.all()] == ["register", "assess", "suspend", "lift"]


def test_a_suspension_held_by_two_notices_is_lifted_only_with_the_last(interpreter, oslo, bergen, reviewer):
    first, second = register(oslo, interpreter), register(bergen, interpreter, topic="confidentiality")
    for notice in (first, second):
        notice_transition(actor=reviewer, notice=notice, name="assess")
        notice_transition(actor=reviewer, notice=notice, name="suspend", reason="Alvorlig.")
    notice_transition(actor=reviewer, notice=first, name="lift", reason="Avklart.")
    interpreter.refresh_from_db()
    assert interpreter.status == Interpreter.Status.SUSPENDED
    notice_transition(actor=reviewer, notice=second, name="lift", reason="Avklart.")
    interpreter.refresh_from_db()
    assert interpreter.status == Interpreter.Status.ACTIVE


def test_who_may_take_each_step(interpreter, oslo, bergen, reviewer, make_user, applicant):
    with pytest.raises(PermissionDenied):  # analysts and interpreters cannot register notices
        register(make_user(Role.ANALYST), interpreter)
    with pytest.raises(PermissionDenied):
        register(applicant.user, interpreter)
    notice = register(oslo, interpreter)
    for name in ("assess", "dismiss", "suspend"):
        with pytest.raises(PermissionDenied):
            notice_transition(actor=oslo, notice=notice, name=name, reason="x")
    with pytest.raises(PermissionDenied):  # another public body cannot withdraw it
        notice_transition(actor=bergen, notice=notice, name="withdraw", reason="Feil tolk.")
    with pytest.raises(IllegalNoticeTransition):  # suspend only after assessment has started
        notice_transition(actor=reviewer, notice=notice, name="suspend", reason="x")
    with pytest.raises(ValidationError):  # a dismissal needs a reason
        notice_transition(actor=reviewer, notice=notice, name="dismiss", reason=" ")
    notice = notice_transition(actor=oslo, notice=notice, name="withdraw", reason="Feil tolk.")
    assert notice.state == "withdrawn"
    with pytest.raises(IllegalNoticeTransition):
        notice_transition(actor=reviewer, notice=notice, name="assess")


def test_bad_notices_are_refused_with_reasons(interpreter, oslo, applicant):
    with pytest.raises(ValidationError) as refused:
        register(oslo, interpreter, description=" ", topic="gossip",
                 assignment_date=datetime.date.today() + datetime.timedelta(days=2))
    assert set(refused.value.message_dict) == {"description", "topic", "assignment_date"}
    with pytest.raises(ValidationError) as refused:
        register(oslo, applicant)  # not in the register yet
    assert "interpreter" in refused.value.message_dict
    assert not Notice.objects.exists()


def test_an_interpreter_not_on_the_list_cannot_be_suspended(interpreter, oslo, reviewer, officer):
    from nyinorge.interpreters.services.register import interpreter_set_status

    notice = register(oslo, interpreter)
    notice_transition(actor=reviewer, notice=notice, name="assess")
    interpreter_set_status(actor=officer, interpreter=interpreter, status="withdrawn")
    with pytest.raises(ValidationError):
        notice_transition(actor=reviewer, notice=notice, name="suspend", reason="Alvorlig.")
    notice = notice_transition(actor=reviewer, notice=notice, name="give_guidance", reason="Samtale holdt.")
    assert notice.state == "guidance_given"


def test_notice_pages_by_organisation(client, interpreter, oslo, bergen, reviewer):
    client.force_login(oslo)
    found = client.get(reverse("interpreters:notice_create"), {"q": "karimi"}).content.decode()
    assert "Kamal Karimi" in found
    form = reverse("interpreters:notice_create_for", args=[interpreter.pk])
    response = client.post(form, {"topic": "accuracy", "assignment_date": "2026-03-02",
                                  "description": "Utelot deler av det som ble sagt."})
    assert response.status_code == 302
    notice = Notice.objects.get()
    detail = reverse("interpreters:notice_detail", args=[notice.pk])
    assert "Utelot deler" in client.get(detail).content.decode()
    assert client.get(reverse("interpreters:notice_list")).status_code == 200
    client.force_login(bergen)  # another municipality: not theirs
    before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    assert client.get(detail).status_code == 404
    assert "Karimi" not in client.get(reverse("interpreters:notice_list")).content.decode()
    assert not AuditEntry.objects.filter(id__gt=before, object_type="interpreters.notice",
                                         object_id=str(notice.pk)).exists()
    client.force_login(reviewer)
    assert "Utelot deler" in client.get(detail).content.decode()
    step = reverse("interpreters:notice_transition", args=[notice.pk, "assess"])
    assert client.post(step, {}).status_code == 302
    suspend = reverse("interpreters:notice_transition", args=[notice.pk, "suspend"])
    assert client.post(suspend, {"suspend-reason": ""}).status_code == 400
    assert client.post(suspend, {"suspend-reason": "Alvorlig feiltolking."}).status_code == 302
    interpreter.refresh_from_db()
    assert interpreter.status == "suspended"
    client.force_login(oslo)  # the suspended interpreter can no longer be found by a public body
    assert "Kamal Karimi" not in client.get(reverse("interpreters:notice_create"), {"q": "karimi"}).content.decode()


def test_the_interpreter_is_told_and_may_comment_before_the_outcome(
        client, make_applicant, reviewer, oslo, officer, django_capture_on_commit_callbacks):
    from nyinorge.interpreters.services.evidence import evidence_add
    from nyinorge.interpreters.services.notices import notice_comment
    from nyinorge.interpreters.services.register import interpreter_set_status

    interpreter = make_applicant("Hassan", "Osman")  # an interpreter with a login of their own
    evidence_add(actor=officer, interpreter=interpreter, kind="authorisation", language="so",
                 obtained_on=datetime.date(2015, 1, 1), status="approved", source="screen")
    interpreter_set_status(actor=officer, interpreter=interpreter, status="active")
    notice = register(oslo, interpreter)
    client.force_login(interpreter.user)
    page = reverse("interpreters:apply_notice", args=[notice.pk])
    assert client.get(page).status_code == 404  # not yet taken up by the directorate
    with pytest.raises(IllegalNoticeTransition):
        notice_comment(actor=interpreter.user, notice=notice, comment="Jeg var der.")
    with django_capture_on_commit_callbacks(execute=True):
        notice_transition(actor=reviewer, notice=notice, name="assess")
    assert "uttale deg" in mail.outbox[-1].body and mail.outbox[-1].to == [interpreter.email]
    assert "Tolken kom en time for sent" in client.get(page).content.decode()
    with pytest.raises(PermissionDenied):
        notice_comment(actor=oslo, notice=notice, comment="Vi mener ...")
    assert client.post(page, {"comment": ""}).status_code == 200  # a comment is needed
    assert client.post(page, {"comment": "Bussen var innstilt; jeg varslet kontoret."}).status_code == 302
    notice.refresh_from_db()
    assert notice.interpreter_comment.startswith("Bussen") and notice.commented_at is not None
    client.force_login(reviewer)
    assert "Bussen var innstilt" in client.get(reverse("interpreters:notice_detail", args=[notice.pk])).content.decode()
    client.force_login(oslo)  # the public body does not see the interpreter's statement
    assert "Bussen var innstilt" not in client.get(reverse("interpreters:notice_detail", args=[notice.pk])).content.decode()
    notice_transition(actor=reviewer, notice=notice, name="dismiss", reason="Forklaringen holder.")
    with pytest.raises(IllegalNoticeTransition):
        notice_comment(actor=interpreter.user, notice=notice, comment="Takk.")
