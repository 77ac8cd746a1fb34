"""`nyinorge dedup_index`: rebuild the registration-time candidate index (PersonMatchKey) for the whole registry."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from nyinorge.core.models import Person, PersonMatchKey
from nyinorge.core.rows import rows_append
from nyinorge.core.selectors.duplicates import live_persons, person_key_records, person_match_keys


class Command(BaseCommand):
    help = "Rebuild the de-duplication candidate index from the registry (after a model or key change, or a restore)."

    def add_arguments(self, parser):
        parser.add_argument("--chunk", type=int, default=10000, help="persons per query and COPY (default 10000)")

    def handle(self, *args, chunk: int, **options):
        people = live_persons(Person.objects.all())
        total = people.count()
        written = 0
        # One transaction: lookups meanwhile see the old index until the new one is complete.
        with transaction.atomic(), Progress(TextColumn("dedup_index"), BarColumn(), MofNCompleteColumn(),
                                            TimeElapsedColumn(), disable=options["verbosity"] == 0) as progress:
            bar = progress.add_task("persons", total=total)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"TRUNCATE {PersonMatchKey._meta.db_table}")
            else:
                PersonMatchKey.objects.all().delete()
            for records in person_key_records(people, chunk=chunk):
                rows = list(person_match_keys(records))
                rows_append(PersonMatchKey, ("person_id", "key"), rows)
                written += len(rows)
                progress.advance(bar, len(records))
        self.stdout.write(f"{written} keys for {total} persons.")
