"""`nyinorge synth_schemes --year 2019 --seed 1`: the synthetic round of every application-based scheme, calibrated to
the annual report (`grants.synthetic_schemes`); safe to re-run."""

import time

from django.core.management.base import BaseCommand, CommandError

from nyinorge.grants.synthetic_schemes import synth_schemes


class Command(BaseCommand):
    help = "Fill the database with a synthetic round of every application-based grant scheme (2019)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, year: int, seed: int, **options):
        started = time.monotonic()
        try:
            result = synth_schemes(year=year, seed=seed)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if not result.created:
            self.stdout.write(f"Grant schemes {year}: already generated, left as it is.")
            return
        self.stdout.write(self.style.SUCCESS(
            f"Grant schemes {year}: {result.applications} applications in {time.monotonic() - started:.1f} s."))
