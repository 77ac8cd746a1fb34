"""`nyinorge duplicates_batch`: the nightly de-duplication batch, run now (the task `core.tasks.duplicates_batch`)."""

from django.core.management.base import BaseCommand

from nyinorge.core.services.duplicates import duplicates_batch_run


class Command(BaseCommand):
    help = "Score the whole registry for duplicates and update the review queue (new pairs open; decided pairs kept)."

    def handle(self, *args, **options):
        result = duplicates_batch_run()
        self.stdout.write(f"duplicates batch: {result.found} pairs found, {result.created} new, {result.updated} "
                          f"rescored, {result.left_decided} already decided, {result.stale} no longer found "
                          f"({result.seconds:.1f} s)")
