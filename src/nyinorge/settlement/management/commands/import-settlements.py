"""`nyinorge import-settlements FILE.csv [--actor USERNAME]`: load historical settlement records, all or nothing."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from nyinorge.core.models import User
from nyinorge.core.roles import Role
from nyinorge.core.services.reference import directorate
from nyinorge.core.services.users import user_create
from nyinorge.settlement.services.imports import settlements_import

IMPORT_USER = "import-settlements"


class Command(BaseCommand):
    help = "Import settlement records (one row per person); re-importing the same file changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--actor", help="user name the import is audited under (default: a directorate service user)")
        parser.add_argument("--different", type=int, action="append", default=[], metavar="LINE",
                            help="confirm that the person on this line is not the possible duplicate shown (repeatable)")

    def handle(self, *args, file: str, actor: str | None = None, different: list[int], **options):
        if actor:
            user = User.objects.filter(username=actor).first()
            if user is None:
                raise CommandError(f"No user {actor!r}.")
        else:
            user = User.objects.filter(username=IMPORT_USER).first() or user_create(
                username=IMPORT_USER, organisation=directorate(), roles=[Role.DIRECTORATE_CASEWORKER])
        try:
            with open(file, encoding="utf-8-sig", newline="") as handle:
                result = settlements_import(actor=user, file=handle, confirmed_lines=different)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file} is not UTF-8 text.") from None
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from None
        self.stdout.write(f"{result.cases_created} cases and {result.persons_created} persons imported; "
                          f"{result.cases_skipped} cases were already here")
