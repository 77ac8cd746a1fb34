"""Grant, revoke and list roles from the server's command line: the only way to the command-line-only roles."""

import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from nyinorge.core.models import User
from nyinorge.core.roles import Role
from nyinorge.core.services.users import role_grant, role_revoke


class Command(BaseCommand):
    help = ("Grant or revoke a user's role (audited, with the operator and the decision), or list a user's roles. "
            "The designated officer for shielded identities is granted only here.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["grant", "revoke", "list"])
        parser.add_argument("username")
        parser.add_argument("role", nargs="?", choices=[role.value for role in Role])
        parser.add_argument("--reason", default="", help="The decision the change rests on (case number, date).")

    def handle(self, *args, action: str, username: str, role: str | None, reason: str, **options):
        user = User.objects.filter(username=username).select_related("organisation").first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if action == "list":
            for assignment in user.role_assignments.order_by("role"):
                self.stdout.write(f"{assignment.role}\t{assignment.granted_at:%Y-%m-%d %H:%M}")
            return
        if role is None:
            raise CommandError("Name the role.")
        if not reason.strip():
            raise CommandError("Give --reason: the decision the change rests on.")
        operator = f"cli:{getpass.getuser()}"
        change = role_grant if action == "grant" else role_revoke
        try:
            change(actor=None, user=user, role=role, reason=reason.strip(), from_command_line=True, operator=operator)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"{action}: {role} for {username} (audited as {operator}).")
