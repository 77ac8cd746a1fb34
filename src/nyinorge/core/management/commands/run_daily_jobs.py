"""`nyinorge run_daily_jobs`: for cron (once a day, e.g. `15 6 * * *`): queues the daily jobs as tasks, which the
worker (`nyinorge db_worker`) then runs. Each job also has its own command for running it by hand."""

import datetime

from django.core.management.base import BaseCommand, CommandError


def daily_jobs():
    """The daily tasks with their arguments, in the order they are queued."""
    from nyinorge.core import tasks as core_tasks
    from nyinorge.grants import tasks as grant_tasks
    from nyinorge.interpreters import tasks as interpreter_tasks
    from nyinorge.settlement import tasks as settlement_tasks

    return [
        (settlement_tasks.send_answer_reminders, True),
        (interpreter_tasks.interpreter_categories, True),
        (core_tasks.purge_idempotency_keys, False),
        (settlement_tasks.suggestion_runs_sweep, False),
        (grant_tasks.grant_report_reminders, True),
        (core_tasks.duplicates_batch, False),
    ]


class Command(BaseCommand):
    help = "Queue the daily jobs (answer reminders, interpreter categories, idempotency-key purge, sweeper, grant report reminders, duplicates batch) as tasks."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD); default today.")

    def handle(self, *args, date: str | None = None, **options):
        if date:
            try:
                datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"--date must be a date as YYYY-MM-DD, not {date!r}.") from None
        for job, takes_date in daily_jobs():
            result = job.enqueue(**({"date": date} if takes_date and date else {}))
            self.stdout.write(f"Queued {job.name} ({result.id}).")
