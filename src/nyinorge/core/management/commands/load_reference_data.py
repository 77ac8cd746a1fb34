from django.core.management.base import BaseCommand

from nyinorge.core.services.reference import reference_data_load
from nyinorge.grants.services.catalogue import catalogue_load


class Command(BaseCommand):
    help = ("Load the 2020 counties and municipalities (Kartverket) and their organisations, and the grant scheme "
            "catalogue; safe to re-run.")

    def handle(self, *args, **options):
        counts = reference_data_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Reference data: {counts.counties} counties, {counts.municipalities} municipalities, "
                f"{counts.organisations} organisations."
            )
        )
        schemes = catalogue_load()
        self.stdout.write(self.style.SUCCESS(
            f"Grant scheme catalogue: {schemes.created} new, {schemes.updated} updated, {schemes.criteria} criteria."))
