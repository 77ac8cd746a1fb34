"""De-duplication writes: the batch's upsert (new pairs open, decided pairs left alone, pairs no longer found
stale), decisions, the candidate index's rebuild, training a model version."""

import datetime
from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from nyinorge.core.models import DedupModelVersion, DuplicatePair, PersonMatchKey
from nyinorge.core.roles import Role
from nyinorge.core.services.duplicates import duplicate_pair_decide, duplicate_pairs_upsert, duplicates_batch_run

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Found:
    id_l: str
    id_r: str
    match_weight: float
    match_probability: float
    cluster: str
    reasons: tuple = ()


@pytest.fixture
def four(make_person):
    return [make_person(given_name=f"P{i}", family_name="Upsert", birth_date=datetime.date(1980 + i, 2, 2))
            for i in range(4)]


def _pair(a, b, status, weight=5.0):
    a, b = sorted((a.pk, b.pk))
    return DuplicatePair.objects.create(person_a_id=a, person_b_id=b, match_weight=weight, match_probability=0.9,
                                        found_by="batch", status=status)


def test_upsert_opens_new_pairs_rescores_open_ones_keeps_decided_and_marks_the_rest_stale(four):
    p0, p1, p2, p3 = four
    open_pair = _pair(p0, p1, DuplicatePair.Status.OPEN)
    different = _pair(p0, p2, DuplicatePair.Status.DIFFERENT, weight=3.0)
    vanished = _pair(p2, p3, DuplicatePair.Status.OPEN)
    result = duplicate_pairs_upsert(pairs=[
        Found(str(p1.pk), str(p0.pk), 12.0, 0.999, "c1"),  # reversed order: the same pair
        Found(str(p0.pk), str(p2.pk), 11.0, 0.998, "c1"),
        Found(str(p1.pk), str(p3.pk), 8.0, 0.99, "c2"),
    ], model_version="test-1", started=timezone.now())
    assert (result.found, result.created, result.updated, result.left_decided, result.stale) == (3, 1, 1, 1, 1)
    open_pair.refresh_from_db(), different.refresh_from_db(), vanished.refresh_from_db()
    assert (open_pair.status, open_pair.match_weight, open_pair.cluster) == ("open", 12.0, "c1")
    assert (different.status, different.match_weight) == ("different", 3.0)
    assert vanished.status == "stale"
    new = DuplicatePair.objects.get(person_a_id=min(p1.pk, p3.pk), person_b_id=max(p1.pk, p3.pk))
    assert (new.status, new.found_by, new.model_version) == ("open", "batch", "test-1")
    again = duplicate_pairs_upsert(pairs=[Found(str(p2.pk), str(p3.pk), 9.0, 0.99, "c3")], model_version="test-2",
                                   started=timezone.now())
    vanished.refresh_from_db()
    assert vanished.status == "open" and again.updated == 1  # found again: back in the queue


def test_a_decision_needs_the_capability_and_is_audited(four, make_user, caseworker):
    pair = _pair(four[0], four[1], DuplicatePair.Status.OPEN)
    with pytest.raises(PermissionDenied):
        duplicate_pair_decide(actor=caseworker, pair=pair, decision="different")
    officer = make_user(Role.DATA_QUALITY_OFFICER)
    with pytest.raises(ValidationError):
        duplicate_pair_decide(actor=officer, pair=pair, decision="maybe")
    decided = duplicate_pair_decide(actor=officer, pair=pair, decision="different", note="  Tvillinger. ")
    assert (decided.status, decided.decided_by, decided.decision_note) == ("different", officer, "Tvillinger.")


def test_the_index_is_rebuilt_by_its_command(four):
    before = sorted(PersonMatchKey.objects.values_list("person_id", "key"))
    PersonMatchKey.objects.all().delete()
    call_command("dedup_index", verbosity=0)
    assert sorted(PersonMatchKey.objects.values_list("person_id", "key")) == before


def test_the_batch_finds_a_registered_twice_person_and_leaves_decisions_alone(make_person, reception_centre):
    # Registered twice at one centre, the Somali spelling of the name the second time.
    born, centre = datetime.date(1990, 3, 14), reception_centre()
    first = make_person(given_name="Abdirahman", family_name="Warsame", birth_date=born, sex="male", citizenship="SO",
                        duf_number="201900000501", centre=centre)
    second = make_person(given_name="Cabdiraxmaan", family_name="Warsame", birth_date=born, sex="male",
                         citizenship="SO", duf_number="202000000502", centre=centre)
    for i in range(30):  # some others, so training and blocking have something to compare
        make_person(given_name=f"Other{i}", family_name=f"Family{i}", birth_date=datetime.date(1960 + i, 3, 4))
    duplicates_batch_run()
    pair = DuplicatePair.objects.get(person_a=min(first, second, key=lambda p: p.pk),
                                     person_b=max(first, second, key=lambda p: p.pk))
    assert pair.status == "open" and pair.found_by == "batch" and pair.reasons
    DuplicatePair.objects.filter(pk=pair.pk).update(status="different")
    duplicates_batch_run()
    pair.refresh_from_db()
    assert pair.status == "different"


def test_training_refuses_clearly_when_there_is_nothing_to_learn_from(make_person):
    for i in range(10):
        make_person(given_name=f"Few{i}", family_name="Family", birth_date=datetime.date(1970 + i, 5, 6))
    with translation.override("en"), pytest.raises(CommandError, match="No model could be trained"):
        call_command("duplicates_train")
    assert not DedupModelVersion.objects.exists()


def test_training_stores_an_active_version_with_its_chart(make_person, monkeypatch):
    """The storing and activating (Splink's training itself is the engine's, tested in tests/core/dedup)."""
    import copy

    from nyinorge.core.dedup import training
    from nyinorge.core.dedup.scoring import DedupModel
    from nyinorge.core.selectors.duplicates import active_model

    def trained(records, *, seed=1, version=None):
        artefact = copy.deepcopy(DedupModel.default().artefact)
        artefact["nyinorge"].update(version="test-trained", trained_at="2026-12-01T03:00:00+00:00",
                                    record_count=len(list(records)))
        return artefact

    monkeypatch.setattr(training, "train", trained)
    for i in range(3):
        make_person(given_name=f"Train{i}", family_name="Family", birth_date=datetime.date(1950 + i, 5, 6))
    call_command("duplicates_train")
    version = DedupModelVersion.objects.get(active=True)
    assert (version.version, version.record_count, version.trained_at.day) == ("test-trained", 3, 1)
    assert "<svg" in version.chart_svg
    assert active_model().version == "test-trained"
    call_command("duplicates_train")  # trained again with the same version name: stored beside it, now active
    assert list(DedupModelVersion.objects.order_by("pk").values_list("version", "active")) == [
        ("test-trained", False), ("test-trained-2", True)]
