from django.core.management.base import BaseCommand

from nyinorge.core.idempotency import KEY_LIFETIME, idempotency_keys_purge


class Command(BaseCommand):
    help = f"Delete API idempotency keys older than their lifetime ({KEY_LIFETIME}); run daily (cron)."

    def handle(self, *args, **options):
        deleted = idempotency_keys_purge()
        self.stdout.write(f"Deleted {deleted} expired idempotency keys.")
