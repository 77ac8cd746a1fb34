from django.core.management.base import BaseCommand

from nyinorge.grants.services.rates import grant_rates_load


class Command(BaseCommand):
    help = "Load the per-capita grant rates (src/nyinorge/grants/data/rates.csv); idempotent."

    def handle(self, *args, **options):
        self.stdout.write(f"Loaded {grant_rates_load()} grant rates.")
