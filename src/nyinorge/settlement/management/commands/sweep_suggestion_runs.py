from django.core.management.base import BaseCommand

from nyinorge.settlement.services.suggestions import suggestion_runs_sweep


class Command(BaseCommand):
    help = ("Mark suggestion runs left running by a stopped worker (no heartbeat for "
            "SETTLEMENT_SUGGESTION_STALE_SECONDS) as failed; run every few minutes from cron.")

    def handle(self, *args, **options):
        self.stdout.write(f"Suggestion runs marked failed or cancelled: {suggestion_runs_sweep()}.")
