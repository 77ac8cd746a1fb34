"""`nyinorge import-settlements FILE.csv [--actor USERNAME]`: load historical settlement records, all or nothing."""

from django.core.management.base import BaseCommand

from nyinorge.core.management.file_imports import import_actor, import_file_read
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
        user = import_actor(username=actor, service_user=IMPORT_USER)
        result = import_file_read(file, lambda handle: settlements_import(
            actor=user, file=handle, confirmed_lines=different))
        self.stdout.write(f"{result.cases_created} cases and {result.persons_created} persons imported; "
                          f"{result.cases_skipped} cases were already here")
