"""The Idempotency-Key store: one execution per key, replays, reuse refused, expiry, concurrent retries."""

import datetime
import threading

import pytest
import time_machine
from django.db import connection, connections
from django.utils import timezone

from nyinorge.core.idempotency import (
    KEY_LIFETIME, IdempotencyKeyReused, idempotency_keys_purge, idempotent_call, request_fingerprint,
)
from nyinorge.core.models import IdempotencyKey
from nyinorge.core.roles import Role
from nyinorge.core.services.api_clients import api_client_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue(make_user, municipality_org):
    administrator = make_user(Role.DIRECTORATE_ADMINISTRATOR)

    def make(number: str = "0301"):
        client, _token = api_client_issue(actor=administrator, organisation=municipality_org(number),
                                          name=f"Fagsystem {number}", scopes=["ws4:write"])
        return client

    return make


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return 201, {"call": self.calls}


def test_the_fingerprint_ignores_key_order_but_not_values_method_or_path():
    base = request_fingerprint(method="post", path="/a", body={"x": 1, "y": [1, 2]})
    assert base == request_fingerprint(method="POST", path="/a", body={"y": [1, 2], "x": 1})
    assert base != request_fingerprint(method="POST", path="/a", body={"x": 2, "y": [1, 2]})
    assert base != request_fingerprint(method="PUT", path="/a", body={"x": 1, "y": [1, 2]})
    assert base != request_fingerprint(method="POST", path="/b", body={"x": 1, "y": [1, 2]})


def test_a_retry_with_the_same_key_and_request_replays_the_stored_response(issue):
    client, perform = issue(), Counter()
    first = idempotent_call(client=client, key="k-1", fingerprint="f", perform=perform)
    second = idempotent_call(client=client, key="k-1", fingerprint="f", perform=perform)
    assert perform.calls == 1
    assert (first.status, first.body, first.replayed) == (201, {"call": 1}, False)
    assert (second.status, second.body, second.replayed) == (201, {"call": 1}, True)


def test_the_same_key_with_another_request_is_refused(issue):
    client, perform = issue(), Counter()
    idempotent_call(client=client, key="k-1", fingerprint="f", perform=perform)
    with pytest.raises(IdempotencyKeyReused, match="k-1"):
        idempotent_call(client=client, key="k-1", fingerprint="other", perform=perform)
    assert perform.calls == 1


def test_keys_are_per_client(issue):
    oslo, bergen, perform = issue("0301"), issue("4601"), Counter()
    idempotent_call(client=oslo, key="k-1", fingerprint="f", perform=perform)
    result = idempotent_call(client=bergen, key="k-1", fingerprint="other", perform=perform)
    assert perform.calls == 2 and not result.replayed


def test_a_failed_request_stores_nothing_so_its_retry_is_carried_out(issue):
    client, perform = issue(), Counter()

    def broken():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        idempotent_call(client=client, key="k-1", fingerprint="f", perform=broken)
    assert not IdempotencyKey.objects.exists()
    assert not idempotent_call(client=client, key="k-1", fingerprint="f", perform=perform).replayed


def test_an_expired_key_may_be_used_again_and_is_purged(issue):
    client, perform = issue(), Counter()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        idempotent_call(client=client, key="k-1", fingerprint="f", perform=perform)
        idempotent_call(client=client, key="old", fingerprint="f", perform=perform)
    with time_machine.travel(start + KEY_LIFETIME - datetime.timedelta(seconds=1), tick=False):
        assert idempotent_call(client=client, key="k-1", fingerprint="f", perform=perform).replayed
    with time_machine.travel(start + KEY_LIFETIME + datetime.timedelta(seconds=1), tick=False):
        result = idempotent_call(client=client, key="k-1", fingerprint="new", perform=perform)
        assert not result.replayed and result.body == {"call": 3}
        assert idempotency_keys_purge() == 1  # "old"; "k-1" was stored again just now
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == ["k-1"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL")
def test_concurrent_requests_with_one_key_are_carried_out_once():
    from nyinorge.core.models import Organisation
    from nyinorge.core.services.reference import reference_data_load

    reference_data_load()
    client, _token = api_client_issue(actor=None, organisation=Organisation.objects.get(municipality_id="0301",
                                                                                        kind="municipality"),
                                      name="Oslo", scopes=["ws4:write"])
    threads_count = 6
    barrier = threading.Barrier(threads_count)
    calls: list[int] = []
    results = []
    lock = threading.Lock()

    def perform():
        with lock:
            calls.append(1)
        # Hold the key a moment, so the others' inserts are certain to wait on it.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(0.3)")
        return 200, {"done": True}

    def attempt():
        try:
            barrier.wait()
            results.append(idempotent_call(client=client, key="same", fingerprint="f", perform=perform))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert len(results) == threads_count and sum(not r.replayed for r in results) == 1
    assert all(r.body == {"done": True} for r in results)


def test_the_purge_command_deletes_expired_keys(issue):
    import io

    from django.core.management import call_command

    client, perform = issue(), Counter()
    idempotent_call(client=client, key="old", fingerprint="f", perform=perform)
    out = io.StringIO()
    with time_machine.travel(timezone.now() + KEY_LIFETIME + datetime.timedelta(minutes=1)):
        call_command("purge_idempotency_keys", stdout=out)
    assert "Deleted 1 expired" in out.getvalue() and not IdempotencyKey.objects.exists()
