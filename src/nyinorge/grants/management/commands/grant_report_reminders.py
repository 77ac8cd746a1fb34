"""`nyinorge grant_report_reminders [--date YYYY-MM-DD]`: send the reminders about grant reports due in 14 days or
overdue (each report and kind once). `nyinorge run_daily_jobs` queues it daily; this runs it by hand."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from nyinorge.grants.services.scheme_reports import grant_report_reminders_send


class Command(BaseCommand):
    help = "Send the reminders about grant reports due in 14 days or overdue (each once)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD); default today.")

    def handle(self, *args, date: str | None = None, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError(f"--date must be a date as YYYY-MM-DD, not {date!r}.") from None
        self.stdout.write(f"Sent {grant_report_reminders_send(today=today)} reminders.")
