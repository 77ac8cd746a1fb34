import datetime

from django.core.management.base import BaseCommand, CommandError

from nyinorge.settlement.selectors.reminders import answer_reminders_due
from nyinorge.settlement.services.reminders import answer_reminders_send


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be a date as YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = ("Queue an email to each municipality about its proposals whose answer deadline is tomorrow (run daily; "
            "the worker sends them).")

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD); default today.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would be sent; send and change nothing.")

    def handle(self, *args, date: str | None = None, dry_run: bool = False, **options):
        today = _date(date) if date else None
        due = answer_reminders_due(today=today)
        if dry_run:
            for reminder in due:
                to = ", ".join(reminder.recipients) or "NO ADDRESS"
                cases = ", ".join(str(case.pk) for case in reminder.cases)
                self.stdout.write(f"{reminder.municipality.number} {reminder.municipality.name}: cases {cases} → {to}")
            self.stdout.write(f"Dry run, nothing sent. Reminders that would be sent: {sum(1 for r in due if r.recipients)}.")
            return
        sent = answer_reminders_send(today=today)
        self.stdout.write(self.style.SUCCESS(f"Answer reminders queued: {sent}."))
        for reminder in answer_reminders_due(today=today):
            if not reminder.recipients:
                self.stderr.write(f"Not sent to {reminder.municipality.number} {reminder.municipality.name}: "
                                  "no caseworker there has an email address.")
