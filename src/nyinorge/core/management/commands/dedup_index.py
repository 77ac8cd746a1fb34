"""`nyinorge dedup_index`: rebuild the registration-time candidate index (PersonMatchKey) for the whole registry."""

from django.core.management.base import BaseCommand
from django.db import OperationalError, connection, transaction
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
            try:
                # TRUNCATE is instant for millions of rows; it is refused while the transaction has deferred
                # foreign-key checks pending (rows just written), where the row-by-row delete still works.
                with transaction.atomic(), connection.cursor() as cursor:
                    if connection.vendor != "postgresql":
                        raise OperationalError("no TRUNCATE")
                    cursor.execute(f"TRUNCATE {PersonMatchKey._meta.db_table}")
            except OperationalError:
                PersonMatchKey.objects.all().delete()
            for records in person_key_records(people, chunk=chunk):
                rows = list(person_match_keys(records))
                rows_append(PersonMatchKey, ("person_id", "key"), rows)
                written += len(rows)
                progress.advance(bar, len(records))
        self.stdout.write(f"{written} keys for {total} persons.")
