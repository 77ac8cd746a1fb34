"""`nyinorge duplicates_train`: train a new de-duplication model on the registry and make it the active one."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from nyinorge.core.services.duplicates import dedup_model_train


class Command(BaseCommand):
    help = "Train a new de-duplication model (Splink, DuckDB) on the registry, store it with its chart, activate it."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, seed: int, **options):
        try:
            version = dedup_model_train(seed=seed)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"model {version.version} trained on {version.record_count} persons and activated")
