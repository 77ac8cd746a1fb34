"""`nyinorge import-outcomes FILE.csv [--actor USERNAME]`: load a delivery of former participants' status in work
and education (SP8), all or nothing; the format is in `nyinorge.register.services.outcomes`."""

from pathlib import Path

from django.core.management.base import BaseCommand

from nyinorge.core.management.file_imports import import_actor, import_file_read
from nyinorge.register.services.outcomes import post_programme_statuses_import

IMPORT_USER = "import-outcomes"


class Command(BaseCommand):
    help = ("Import the yearly status in work and education of former programme participants (CSV: person_id, "
            "reference_month YYYY-MM, status employed|education|both|neither); re-importing changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--actor", help="user name the import is audited under (default: a directorate service user)")

    def handle(self, *args, file: str, actor: str | None = None, **options):
        user = import_actor(username=actor, service_user=IMPORT_USER)
        result = import_file_read(file, lambda handle: post_programme_statuses_import(
            actor=user, file=handle, file_name=Path(file).name))
        if result.already_imported:
            self.stdout.write(f"Already imported as delivery {result.delivery.pk} "
                              f"({result.delivery.imported_at:%Y-%m-%d %H:%M}); nothing changed")
            return
        self.stdout.write(f"Delivery {result.delivery.pk}: {result.created} new statuses, {result.updated} changed, "
                          f"{result.unchanged} unchanged; {result.without_participation} without an ended "
                          f"programme participation in the register")
