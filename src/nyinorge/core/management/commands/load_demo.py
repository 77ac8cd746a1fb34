from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from nyinorge.competence.demo import competence_demo_load
from nyinorge.core.demo import DEMO_PASSWORD, demo_load
from nyinorge.grants.demo import special_grants_demo_load
from nyinorge.grants.demo_schemes import scheme_demo_load
from nyinorge.register.demo import register_demo_load
from nyinorge.interpreters.demo_apply import applications_demo_load
from nyinorge.settlement.demo import settlement_demo_load


class Command(BaseCommand):
    help = "Create demo users, reception centres, people with synthetic numbers and settlement cases (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Allow outside DEBUG (never in production).")

    def handle(self, *args, force: bool = False, **options):
        if not (settings.DEBUG or force):
            raise CommandError("Demo users have a published password; run with DEBUG=true, or --force on a test system.")
        if not settings.ALLOW_SYNTHETIC_IDENTITY_NUMBERS:
            raise CommandError("Set ALLOW_SYNTHETIC_IDENTITY_NUMBERS=true: the demo people have synthetic numbers.")
        logins, created = demo_load()
        settlement = settlement_demo_load()
        logins += settlement.logins
        register_demo_load()
        special_grants_demo_load()
        scheme_logins = scheme_demo_load()
        kompass = competence_demo_load()
        self.stdout.write(self.style.SUCCESS(
            f"Demo data loaded ({created} new people, {settlement.cases_created} new settlement cases)."))
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
        for login in logins:
            self.stdout.write(f"  {login.username:<14} {login.role.label:<28} {login.organisation}")
        for login in applications_demo_load():
            self.stdout.write(f"  {login.username:<14} {login.description:<28} {login.where}")
        for login in scheme_logins:
            self.stdout.write(f"  {login.username:<14} {login.description:<28} {login.where}")
        self.stdout.write(f"\nKompass (residents' self-registration): open /competence/ and type the one-time code "
                          f"{kompass.code} ({kompass.person.full_name}, Demo mottak Lier; valid 14 days, once). "
                          f"Staff: log in as mottak, /competence/residents/.")
        self.stdout.write("")
