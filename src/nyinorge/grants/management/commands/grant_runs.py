"""Compute (and, for a demo, approve) a budget year's grant runs from the command line."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from nyinorge.core.models import User
from nyinorge.grants.models import GrantRun
from nyinorge.grants.services.runs import grant_run_approve, grant_run_compute, grant_run_start, instalments_per_year


class Command(BaseCommand):
    help = ("Compute the instalments of a budget year's per-capita grants, started by one user and approved by a "
            "second (four eyes), in the foreground. For demo and synthetic data; the directorate uses /grants/runs/.")

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--instalments", type=int, default=None, help="How many, from the first (default: all).")
        parser.add_argument("--started-by", default="saksbehandler")
        parser.add_argument("--approved-by", default="skjerming")

    def handle(self, *args, year: int, instalments: int | None, started_by: str, approved_by: str, **options):
        users = {name: User.objects.filter(username=name).first() for name in (started_by, approved_by)}
        missing = [name for name, user in users.items() if user is None]
        if missing:
            raise CommandError(f"No user named {', '.join(missing)} (run `nyinorge load_demo` first).")
        for instalment in range(1, (instalments or instalments_per_year()) + 1):
            if GrantRun.objects.filter(budget_year=year, instalment=instalment,
                                       status__in=[GrantRun.Status.APPROVED, GrantRun.Status.EXPORTED]).exists():
                self.stdout.write(f"{year}/{instalment}: approved already.")
                continue
            try:
                run = grant_run_start(actor=users[started_by], budget_year=year, instalment=instalment)
                run = grant_run_compute(run_id=run.pk)
                run = grant_run_approve(actor=users[approved_by], run=run)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            self.stdout.write(f"{year}/{instalment}: {run.lines_count} lines, {run.persons} persons, {run.total} NOK, "
                              f"approved by {approved_by}.")
