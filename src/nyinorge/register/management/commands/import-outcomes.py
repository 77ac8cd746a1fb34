"""`nyinorge import-outcomes FILE.csv [--actor USERNAME]`: load a delivery of former participants' status in work
and education (SP8), all or nothing; the format is in `nyinorge.register.services.outcomes`."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from nyinorge.core.models import User
from nyinorge.core.roles import Role
from nyinorge.core.services.reference import directorate
from nyinorge.core.services.users import user_create
from nyinorge.register.services.outcomes import post_programme_statuses_import

IMPORT_USER = "import-outcomes"


class Command(BaseCommand):
    help = ("Import the yearly status in work and education of former programme participants (CSV: person_id, "
            "reference_month YYYY-MM, status employed|education|both|neither); re-importing changes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--actor", help="user name the import is audited under (default: a directorate service user)")

    def handle(self, *args, file: str, actor: str | None = None, **options):
        if actor:
            user = User.objects.filter(username=actor).first()
            if user is None:
                raise CommandError(f"No user {actor!r}.")
        else:
            user = User.objects.filter(username=IMPORT_USER).first() or user_create(
                username=IMPORT_USER, organisation=directorate(), roles=[Role.DIRECTORATE_CASEWORKER])
        try:
            with open(file, encoding="utf-8-sig", newline="") as handle:
                result = post_programme_statuses_import(actor=user, file=handle, file_name=Path(file).name)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file} is not UTF-8 text.") from None
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from None
        if result.already_imported:
            self.stdout.write(f"Already imported as delivery {result.delivery.pk} "
                              f"({result.delivery.imported_at:%Y-%m-%d %H:%M}); nothing changed")
            return
        self.stdout.write(f"Delivery {result.delivery.pk}: {result.created} new statuses, {result.updated} changed, "
                          f"{result.unchanged} unchanged; {result.without_participation} without an ended "
                          f"programme participation in the register")
