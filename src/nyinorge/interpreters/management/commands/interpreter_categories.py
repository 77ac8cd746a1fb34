"""`nyinorge interpreter_categories [--date YYYY-MM-DD]`: run daily (cron) so that evidence expiring or revoked on a
date changes the categories, the history and the public listing that day; audited as the system."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from nyinorge.interpreters.services.categories import categories_recompute_due


class Command(BaseCommand):
    help = "Recompute interpreter categories where evidence has expired or been revoked since the last computation."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to compute for (default today)")

    def handle(self, *args, date=None, **options):
        try:
            on = datetime.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"--date must look like 2026-01-31, not {date!r}") from None
        count = categories_recompute_due(on=on)
        self.stdout.write(f"{count} interpreters recomputed")
