"""The register pages: who sees what (a municipality only its own), screen entry, follow-up lists, exports, audit."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from nyinorge.core.models import AuditEntry, AuditSubject
from nyinorge.core.roles import Role
from nyinorge.register.models import PermitType, ProgrammeParticipation, Source, TrainingPeriod
from nyinorge.register.services.legal_basis import residence_permit_register
from nyinorge.register.services.residence import residence_move
from nyinorge.register.services.training import training_period_upsert

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


@pytest.fixture
def refugee(caseworker, make_person):
    """A refugee with a permit, settled `settled_days` ago in the municipality (right to programme and training)."""

    def make(municipality, settled_days: int = 120, **kwargs):
        person = make_person(birth_date=datetime.date(1990, 1, 1), **kwargs)
        residence_permit_register(actor=caseworker, person=person, permit_type=PermitType.ASYLUM,
                                  permit_date=_days_ago(settled_days + 30))
        residence_move(actor=caseworker, person=person, to_municipality=municipality, moved_on=_days_ago(settled_days))
        person.refresh_from_db()
        return person

    return make


def _last_audit_id() -> int:
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_municipality_sees_its_own_person_page_and_not_others(login, oslo_user, oslo, bergen, refugee):
    mine, theirs = refugee(oslo), refugee(bergen)
    since = _last_audit_id()
    response = login(oslo_user).get(reverse("register:person", args=[mine.pk]))
    assert response.status_code == 200
    assert response.context["view"].current_basis.category == "refugee"
    assert AuditEntry.objects.filter(id__gt=since, object_type="register.person", person=mine, action="view").count() == 1
    assert login(oslo_user).get(reverse("register:person", args=[theirs.pk])).status_code == 404


def test_analyst_and_reception_staff_have_no_access(login, make_user, reception_centre):
    analyst = make_user(Role.ANALYST)
    assert login(analyst).get(reverse("register:index")).status_code == 403
    staff = make_user(Role.RECEPTION_STAFF, reception_centre())
    assert login(staff).get(reverse("register:followup", args=["training"])).status_code == 403


def test_screen_entry_creates_a_screen_record(login, oslo_user, oslo, refugee):
    person = refugee(oslo)
    url = reverse("register:record_create", args=[person.pk, "training_period"])
    assert login(oslo_user).get(url).status_code == 200
    response = login(oslo_user).post(url, {"kind": "norwegian", "start": _days_ago(10).isoformat()})
    assert response.status_code == 302
    record = TrainingPeriod.objects.get(person=person)
    assert record.source == Source.SCREEN and record.municipality == oslo
    # A date before the person lived here is refused with the reason, nothing saved.
    response = login(oslo_user).post(url, {"kind": "social_studies", "start": _days_ago(400).isoformat()})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert TrainingPeriod.objects.filter(person=person).count() == 1
    # Hours by the month picker (YYYY-MM).
    month = TODAY.replace(day=1)
    response = login(oslo_user).post(reverse("register:record_create", args=[person.pk, "hours"]),
                                     {"month": month.strftime("%Y-%m"), "hours_type": "norwegian", "hours": "12.5"})
    assert response.status_code == 302


def test_screen_entry_for_another_municipality_refused(login, bergen_user, oslo, refugee):
    person = refugee(oslo)
    url = reverse("register:record_create", args=[person.pk, "training_period"])
    assert login(bergen_user).get(url).status_code == 404  # not visible to Bergen at all


def test_training_list_highlights_past_three_months_and_includes_moved_in(login, oslo_user, oslo, bergen, refugee,
                                                                          caseworker):
    late = refugee(oslo, settled_days=120)
    recent = refugee(oslo, settled_days=20)
    started = refugee(oslo, settled_days=120)
    training_period_upsert(actor=oslo_user, client=None, client_ref=None, person=started, municipality=oslo,
                           data={"kind": "norwegian", "start": _days_ago(60)})
    moved_in = refugee(bergen, settled_days=200)
    residence_move(actor=caseworker, person=moved_in, to_municipality=oslo, moved_on=_days_ago(10))
    elsewhere = refugee(bergen)
    since = _last_audit_id()
    response = login(oslo_user).get(reverse("register:followup", args=["training"]))
    assert response.status_code == 200
    rows = {row.person.pk: row for row in response.context["rows"]}
    assert set(rows) == {late.pk, recent.pk, moved_in.pk}
    assert rows[late.pk].highlighted and not rows[recent.pk].highlighted
    assert rows[late.pk].days == 120 and rows[moved_in.pk].moved_in
    assert started.pk not in rows and elsewhere.pk not in rows
    shown = set(AuditSubject.objects.filter(entry__id__gt=since).values_list("person_id", flat=True))
    entry = AuditEntry.objects.get(id__gt=since, object_type="register.followup.training")
    assert shown | {entry.person_id} - {None} >= {late.pk, recent.pk, moved_in.pk}


def test_followup_export_is_audited_and_limited_to_own(login, oslo_user, oslo, bergen, refugee):
    mine, theirs = refugee(oslo), refugee(bergen)
    since = _last_audit_id()
    response = login(oslo_user).get(reverse("register:followup", args=["missing"]), {"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    identifiers = {row[1] for row in rows[1:]}
    assert mine.identifier in identifiers and theirs.identifier not in identifiers
    entry = AuditEntry.objects.get(id__gt=since, action="export")
    assert entry.object_type == "register.followup.missing"
    assert login(oslo_user).get(reverse("register:followup", args=["missing"]), {"format": "xlsx"}).status_code == 200
    assert login(oslo_user).get(reverse("register:followup", args=["missing"]), {"format": "pdf"}).status_code == 400


def test_municipality_cannot_ask_for_another_municipality_lists(login, oslo_user):
    assert login(oslo_user).get(reverse("register:followup", args=["training"]), {"municipality": "4601"}).status_code == 403


def test_directorate_chooses_a_municipality_and_registers_facts(login, caseworker, oslo, refugee, make_person):
    refugee(oslo)
    response = login(caseworker).get(reverse("register:index"), {"municipality": "0301"})
    assert response.status_code == 200 and response.context["counts"]
    response = login(caseworker).get(reverse("register:followup", args=["programme"]), {"municipality": "0301"})
    assert response.status_code == 200
    person = make_person()
    response = login(caseworker).post(reverse("register:permit_create", args=[person.pk]),
                                      {"permit_type": "resettlement", "permit_date": _days_ago(5).isoformat(),
                                       "permanent_basis": "on"})
    assert response.status_code == 302
    response = login(caseworker).post(reverse("register:move", args=[person.pk]),
                                      {"to_municipality": "0301", "moved_on": _days_ago(2).isoformat()})
    assert response.status_code == 302
    view = login(caseworker).get(reverse("register:person", args=[person.pk])).context["view"]
    assert view.current_basis.programme_right and [p.municipality_id for p in view.residence] == ["0301"]


def test_old_municipality_sees_its_history_read_only(login, caseworker, oslo_user, oslo, bergen, refugee):
    person = refugee(oslo, settled_days=300)
    training_period_upsert(actor=oslo_user, client=None, client_ref=None, person=person, municipality=oslo,
                           data={"kind": "norwegian", "start": _days_ago(250)})
    residence_move(actor=caseworker, person=person, to_municipality=bergen, moved_on=_days_ago(30))
    response = login(oslo_user).get(reverse("register:person", args=[person.pk]))
    assert response.status_code == 200
    view = response.context["view"]
    assert view.own_history_only and not view.may_write and view.legal_bases == []
    assert [p.municipality_id for p in view.residence] == ["0301"]
    assert len(view.training_periods) == 1


def test_bad_as_of_date_falls_back_to_today(login, oslo_user):
    response = login(oslo_user).get(reverse("register:followup", args=["deadlines"]), {"on": "31.12.2019"})
    assert response.status_code == 200 and response.context["on"] == TODAY


def test_host_municipality_registers_reception_training_on_screen(login, make_user, municipality_org, make_person,
                                                                  reception_centre):
    host_user = make_user(Role.MUNICIPALITY_CASEWORKER, municipality_org("3049"))
    seeker = make_person(centre=reception_centre())
    assert login(host_user).get(reverse("register:person", args=[seeker.pk])).status_code == 200
    response = login(host_user).post(reverse("register:record_create", args=[seeker.pk, "training_period"]),
                                     {"kind": "reception_norwegian", "start": _days_ago(5).isoformat()})
    assert response.status_code == 302
    assert TrainingPeriod.objects.get(person=seeker).kind == "reception_norwegian"


def test_deadline_list_shows_near_and_recently_passed_deadlines_only(login, oslo_user, oslo, refugee):
    near = refugee(oslo, settled_days=1000)      # deadline in about 95 days
    passed = refugee(oslo, settled_days=1200)    # passed about 105 days ago: highlighted
    old = refugee(oslo, settled_days=1600)       # passed over a year ago: history
    done = refugee(oslo, settled_days=1000)
    training_period_upsert(actor=oslo_user, client=None, client_ref=None, person=done, municipality=oslo,
                           data={"kind": "norwegian", "start": _days_ago(900), "end": _days_ago(100),
                                 "end_reason": "obligation_completed"})
    rows = {row.person.pk: row for row in login(oslo_user).get(reverse("register:followup", args=["deadlines"])).context["rows"]}
    assert set(rows) == {near.pk, passed.pk}
    assert rows[passed.pk].highlighted and not rows[near.pk].highlighted and old.pk not in rows


@pytest.mark.parametrize("start", ["0001-01-01", "1899-12-31", "9996-01-01"])
def test_a_date_outside_the_shared_range_is_a_form_error(login, oslo_user, oslo, refugee, start):
    person = refugee(oslo)
    url = reverse("register:record_create", args=[person.pk, "participation"])
    response = login(oslo_user).post(url, {"start": start, "planned_end": "2030-01-01"})
    assert response.status_code == 200 and "start" in response.context["form"].errors
    assert not ProgrammeParticipation.objects.filter(person=person).exists()
