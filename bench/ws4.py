"""Benchmark: WS4 batch upserts over HTTP, sustained records/s (target ≥ 1,000) with no duplicates and no losses.

    .venv/bin/python bench/ws4.py [--records 20000] [--batch 500] [--senders 6] [--workers 3]
                                  [--database nyinorge_bench_ws4] [--port 8765]

Recreates the PostgreSQL database (default `nyinorge_bench_ws4` on the server of $DATABASE_URL), migrates it,
loads the reference data, registers persons resident in Oslo and Bergen, and issues two clients: Oslo's own
system and a case-system vendor acting for Oslo and Bergen. It then starts the app under gunicorn on 127.0.0.1
and runs a second process that sends a bounded load: `--records` records (monthly hours and absences) in
batches of `--batch` from `--senders` connections in parallel (records/s is `--records` over the time of this
part). Every fifth batch is sent again with the same Idempotency-Key (a client retrying after a lost answer); after
the timed part, six batches of new absences are each sent twice at the same moment with one key, to show that
retries create nothing. Finally it counts the rows in the database against what was sent and prints one JSON
object: records/s, p50/p99 latency per request, and the counts of duplicates and losses (both must be 0).
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))

MUNICIPALITIES = ("0301", "4601")
HOURS_TYPES = ("norwegian", "social_studies")


# --- the load generator (the second process; no Django here) ---------------------------------------------------

def _send(connection, path: str, token: str, key: str, body: bytes) -> tuple[int, dict, bool, float]:
    started = time.perf_counter()
    connection.request("POST", path, body=body, headers={
        "Authorization": f"Bearer {token}", "Content-Type": "application/json", "Idempotency-Key": key,
        "Accept-Language": "en"})
    response = connection.getresponse()
    payload = json.loads(response.read())
    return response.status, payload, response.getheader("Idempotent-Replayed") == "true", time.perf_counter() - started


def run_load(plan_path: str) -> None:
    """Send every batch of the plan, with retries, and print what happened as JSON."""
    import http.client

    with open(plan_path) as handle:
        plan = json.load(handle)
    batches = plan["batches"]
    lock = threading.Lock()
    latencies: list[float] = []
    outcome = {"requests": 0, "retries": 0, "replayed": 0, "replay_mismatches": 0, "http_errors": 0,
               "failed_records": 0, "errors": []}
    next_batch = iter(range(len(batches)))

    def sender() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", plan["port"], timeout=120)
        while True:
            with lock:
                index = next(next_batch, None)
            if index is None:
                break
            batch = batches[index]
            body = json.dumps({"records": batch["records"]}).encode()
            attempts = [_send(connection, batch["path"], batch["token"], batch["key"], body)]
            if index % 5 == 0:  # a retry after a lost answer: the same key, the same body
                attempts.append(_send(connection, batch["path"], batch["token"], batch["key"], body))
            with lock:
                for number, (status, payload, replayed, seconds) in enumerate(attempts):
                    latencies.append(seconds)
                    outcome["requests"] += 1
                    outcome["retries"] += number > 0
                    outcome["replayed"] += replayed
                    if status != 200:
                        outcome["http_errors"] += 1
                        outcome["errors"].append(payload)
                        continue
                    outcome["failed_records"] += payload["failed"] if number == 0 else 0
                    if payload["failed"] and len(outcome["errors"]) < 5:
                        outcome["errors"].extend(r["error"] for r in payload["results"] if r["error"])
                if len(attempts) > 1 and attempts[0][1] != attempts[1][1]:
                    outcome["replay_mismatches"] += 1
        connection.close()

    def twins(batch: dict) -> None:
        """The same request twice at the same moment (a client that retried too early)."""
        barrier = threading.Barrier(2)
        results = []

        def one():
            connection = http.client.HTTPConnection("127.0.0.1", plan["port"], timeout=120)
            barrier.wait()
            results.append(_send(connection, batch["path"], batch["token"], batch["key"],
                                 json.dumps({"records": batch["records"]}).encode()))
            connection.close()

        threads = [threading.Thread(target=one) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with lock:
            outcome["requests"] += 2
            outcome["retries"] += 1
            outcome["replayed"] += sum(r[2] for r in results)
            latencies.extend(r[3] for r in results)
            if len({json.dumps(r[1], sort_keys=True) for r in results}) != 1 or sum(r[2] for r in results) != 1:
                outcome["replay_mismatches"] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=sender) for _ in range(plan["senders"])]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    # The concurrent twins go after the timed run, as extra batches (their records are part of the count check).
    for batch in plan["twin_batches"]:
        twins(batch)
    latencies.sort()
    outcome["errors"] = outcome["errors"][:5]
    print(json.dumps({
        "seconds": seconds, **outcome,
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
    }))


# --- the harness (first process) -------------------------------------------------------------------------------

def _prepare(records: int, persons_per_municipality: int) -> dict:
    """Persons resident in the two municipalities, and the two clients; returns tokens and identifiers."""
    from nyinorge.core.identifiers import synthetic_national_identity_number
    from nyinorge.core.models import Municipality, Person
    from nyinorge.core.services.api_clients import api_client_issue
    from nyinorge.core.services.organisations import vendor_organisation_create
    from nyinorge.core.models import Organisation
    from nyinorge.register.models import ResidencePeriod

    people: dict[str, list[str]] = {}
    serial = 0
    for number in MUNICIPALITIES:
        municipality = Municipality.objects.get(number=number)
        batch = []
        for _index in range(persons_per_municipality):
            birth = datetime.date(1980 + serial % 20, 1 + serial % 12, 1 + (serial // 12) % 28)
            batch.append(Person(national_id=synthetic_national_identity_number(birth, serial=serial % 400),
                                given_name="Bench", family_name=f"Person {serial}", birth_date=birth,
                                residence_municipality=municipality))
            serial += 1
        created = Person.objects.bulk_create(batch)
        ResidencePeriod.objects.bulk_create([
            ResidencePeriod(person=person, municipality=municipality, valid_from=datetime.date(2018, 1, 1))
            for person in created])
        people[number] = [person.national_id for person in created]
    oslo_client, oslo_token = api_client_issue(
        actor=None, organisation=Organisation.objects.get(kind="municipality", municipality_id="0301"),
        name="Oslo fagsystem", scopes=["ws4:read", "ws4:write"])
    vendor = vendor_organisation_create(name="Fagsystem AS", organisation_number="974760673")
    vendor_client, vendor_token = api_client_issue(
        actor=None, organisation=vendor, name="Fagsystem", scopes=["ws4:read", "ws4:write"],
        municipalities=list(Municipality.objects.filter(number__in=MUNICIPALITIES)))
    return {"people": people, "clients": {"oslo": (oslo_client.pk, oslo_token),
                                          "vendor": (vendor_client.pk, vendor_token)}}


def _plan(setup: dict, records: int, batch_size: int) -> tuple[list[dict], list[dict], dict[int, set[str]]]:
    """Batches alternating between Oslo's client (Oslo's persons) and the vendor (Bergen's persons)."""
    months = [datetime.date(2019 + m // 12, 1 + m % 12, 1) for m in range(36)]
    batches: list[dict] = []
    sent: dict[int, set[str]] = {}
    slots = {number: 0 for number in MUNICIPALITIES}
    for number_of_batch, start in enumerate(range(0, records, batch_size)):
        size = min(batch_size, records - start)
        oslo = number_of_batch % 2 == 0
        number = "0301" if oslo else "4601"
        client_id, token = setup["clients"]["oslo" if oslo else "vendor"]
        people = setup["people"][number]
        items = []
        for _ in range(size):
            slot = slots[number]
            slots[number] += 1
            person = people[slot % len(people)]
            month = months[(slot // len(people)) // len(HOURS_TYPES) % len(months)]
            hours_type = HOURS_TYPES[(slot // len(people)) % len(HOURS_TYPES)]
            ref = f"{number}-{slot}"
            if slot % 10 == 9:  # one in ten is an absence
                items.append({"client_ref": f"a-{ref}", "person": {"national_id": person}, "municipality": number,
                              "date": (month + datetime.timedelta(days=slot % 27)).isoformat(), "hours": "1.5",
                              "reason": "illness"})
            else:
                items.append({"client_ref": f"h-{ref}", "person": {"national_id": person}, "municipality": number,
                              "month": month.isoformat(), "hours_type": hours_type, "hours": "12.0"})
            sent.setdefault(client_id, set()).add(items[-1]["client_ref"])
        # Hours and absences go to their own endpoints: split the batch by kind.
        for kind, path in (("h-", "hours"), ("a-", "absences")):
            part = [item for item in items if item["client_ref"].startswith(kind)]
            if part:
                batches.append({"path": f"/api/ws4/v1/{path}/batch", "token": token, "key": str(uuid.uuid4()),
                                "records": part, "client": client_id})
    # Five more batches of new absences, each sent twice at the same moment with one key (after the timed run).
    twins = []
    for number, (client_id, token) in (("0301", setup["clients"]["oslo"]), ("4601", setup["clients"]["vendor"])) * 3:
        people = setup["people"][number]
        index = len(twins)
        part = [{"client_ref": f"t{index}-{n}", "person": {"national_id": people[(index * 100 + n) % len(people)]},
                 "municipality": number, "date": f"2018-06-{1 + n % 28:02d}", "hours": "2.0", "reason": "leave"}
                for n in range(100)]
        sent.setdefault(client_id, set()).update(item["client_ref"] for item in part)
        twins.append({"path": "/api/ws4/v1/absences/batch", "token": token, "key": str(uuid.uuid4()),
                      "records": part, "client": client_id})
    return batches, twins, sent


def _count(sent: dict[int, set[str]]) -> dict:
    from django.db.models import Count

    from nyinorge.register.models import Absence, RecordVersion, TrainingHours

    rows = 0
    found: dict[int, set[str]] = {}
    versions = 0
    for model in (TrainingHours, Absence):
        for client_id, ref in model.objects.filter(client_id__in=list(sent)).values_list("client_id", "client_ref"):
            found.setdefault(client_id, set()).add(ref)
            rows += 1
        label = model._meta.label_lower
        versions += RecordVersion.objects.filter(model_label=label).count()
    distinct_sent = sum(len(refs) for refs in sent.values())
    distinct_found = sum(len(refs) for refs in found.values())
    extra_versions = versions - rows  # each record was written once, so one version each
    multi = sum(1 for _ in RecordVersion.objects.values("model_label", "object_id").annotate(n=Count("id"))
                .filter(n__gt=1))
    losses = sum(len(refs - found.get(client_id, set())) for client_id, refs in sent.items())
    return {"rows": rows, "distinct_sent": distinct_sent, "duplicates": (rows - distinct_found) + max(extra_versions, 0),
            "records_with_several_versions": multi, "losses": losses}


def _wait_for(port: int, server: subprocess.Popen) -> None:
    for _attempt in range(300):
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer on /healthz")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--senders", type=int, default=6, help="parallel connections of the load generator")
    # Three workers on two cores: while one waits for PostgreSQL, the others use the CPU.
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--persons", type=int, default=2000, help="persons per municipality")
    parser.add_argument("--database", default="nyinorge_bench_ws4")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--load", help=argparse.SUPPRESS)  # internal: run as the load generator with this plan
    args = parser.parse_args()
    if args.load:
        run_load(args.load)
        return

    environment = {
        "SECRET_KEY": "bench-only-" + "x" * 50, "ALLOW_SYNTHETIC_IDENTITY_NUMBERS": "true", "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false", "ALLOWED_HOSTS": "127.0.0.1", "STATIC_MANIFEST": "false",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update({key: value for key, value in environment.items() if key not in os.environ})
    from _database import fresh_database  # bench/ is on sys.path when run as a script

    fresh_database(args.database)
    setup = _prepare(args.records, args.persons)
    batches, twins, sent = _plan(setup, args.records, args.batch)

    from django.db import connections

    connections.close_all()
    server = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "gunicorn"), "nyinorge.wsgi:application",
         "--workers", str(args.workers), "--bind", f"127.0.0.1:{args.port}", "--log-level", "warning",
         "--timeout", "300"],
        env={**os.environ, "PYTHONPATH": os.path.join(ROOT, "src")}, cwd=ROOT)
    try:
        _wait_for(args.port, server)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            json.dump({"port": args.port, "senders": args.senders, "batches": batches, "twin_batches": twins}, handle)
        load = subprocess.run([sys.executable, os.path.abspath(__file__), "--load", handle.name],
                              capture_output=True, text=True, check=False)
        os.unlink(handle.name)
        if load.returncode != 0:
            raise SystemExit(f"the load generator failed:\n{load.stderr}")
        result = json.loads(load.stdout)
    finally:
        server.terminate()
        server.wait(timeout=30)
    counts = _count(sent)
    print(json.dumps({
        "records": args.records, "batch_size": args.batch, "senders": args.senders, "gunicorn_workers": args.workers,
        "requests": result["requests"], "seconds": round(result["seconds"], 2),
        "records_per_s": round(args.records / result["seconds"], 1),
        "p50_ms": round(result["p50_ms"], 1), "p99_ms": round(result["p99_ms"], 1),
        "retries": result["retries"], "replayed": result["replayed"], "replay_mismatches": result["replay_mismatches"],
        "http_errors": result["http_errors"], "failed_records": result["failed_records"],
        "rows": counts["rows"], "distinct_sent": counts["distinct_sent"],
        "duplicates": counts["duplicates"], "losses": counts["losses"],
        "load_average": [round(x, 1) for x in os.getloadavg()],
        **({"errors": result["errors"]} if result["errors"] else {}),
    }, indent=1))


if __name__ == "__main__":
    main()
