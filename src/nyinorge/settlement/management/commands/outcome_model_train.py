"""`nyinorge outcome_model_train --from-year 2015 --to-year 2018 [--reference-until 2020-11-01] [--activate]`: train the
outcome model on the platform's own settlements and store it with its model card."""

import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from nyinorge.settlement.services.outcome_models import outcome_model_train


class Command(BaseCommand):
    help = ("Train the outcome model (LightGBM, calibrated, cross-fitted) on the persons settled in the years given "
            "and their recorded outcomes; store it with its model card; --activate makes the suggestions use it.")

    def add_arguments(self, parser):
        parser.add_argument("--from-year", type=int, required=True)
        parser.add_argument("--to-year", type=int, required=True)
        parser.add_argument("--reference-until", type=datetime.date.fromisoformat, default=None,
                            help="the last reference month of outcomes read (YYYY-MM-DD); all when left out")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--activate", action="store_true")

    def handle(self, *args, from_year, to_year, reference_until, seed, activate, **options):
        try:
            version = outcome_model_train(actor=None, from_year=from_year, to_year=to_year,
                                          reference_until=reference_until, seed=seed, activate=activate)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        auc = "–" if version.auc is None else f"{version.auc:.3f}"
        self.stdout.write(
            f"model {version.version}: {version.record_count} persons settled {from_year}-{to_year}, AUC {auc}, "
            f"Brier {version.brier:.4f}, {version.card.get('seconds')} s" + (" (active)" if version.active else ""))
