from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils.dateparse import parse_datetime

from nyinorge.core.api_scopes import API_SCOPES
from nyinorge.core.models import ApiClient, Municipality, Organisation, User
from nyinorge.core.services.api_clients import api_client_issue, api_client_revoke, api_client_set_municipalities
from nyinorge.core.services.organisations import vendor_organisation_create


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
    return " ".join(error.messages)


class Command(BaseCommand):
    help = "Issue, list and revoke API clients (bearer tokens for municipal systems)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue", help="Issue a client and print its token once.")
        issue.add_argument("--organisation-number", required=True,
                           help="Organisation number (nine digits) or municipality number (four digits).")
        issue.add_argument("--name", required=True, help="What the client is, e.g. the municipality's case system.")
        issue.add_argument("--scope", action="append", required=True, choices=sorted(API_SCOPES), dest="scopes")
        issue.add_argument("--expires-at", help="ISO 8601 time, e.g. 2027-01-01T00:00+01:00 (default: never).")
        issue.add_argument("--actor", help="User name of the administrator issuing it, for the audit log.")
        issue.add_argument("--for-municipality", action="append", default=[], dest="municipalities", metavar="NUMBER",
                           help="A municipality (four digits) the client acts for; repeat for several. Required for "
                                "a case-system vendor; a municipality's client acts for its own anyway.")
        issue.add_argument("--vendor-name", help="Register the organisation number as a case-system vendor with this "
                                                 "name, if no organisation has it yet.")
        acting = sub.add_parser("municipalities", help="Replace the municipalities a client acts for.")
        acting.add_argument("prefix")
        acting.add_argument("--for-municipality", action="append", default=[], dest="municipalities", metavar="NUMBER")
        acting.add_argument("--actor", help="User name of the administrator, for the audit log.")
        revoke = sub.add_parser("revoke", help="Revoke a client by its token prefix.")
        revoke.add_argument("prefix")
        revoke.add_argument("--actor", help="User name of the administrator revoking it, for the audit log.")
        sub.add_parser("list", help="List clients (prefixes only; tokens are not stored).")

    def handle(self, *args, action: str, **options):
        try:
            handler = self._municipalities_action if action == "municipalities" else getattr(self, f"_{action}")
            handler(**options)
        except ValidationError as error:
            raise CommandError(_messages(error)) from None
        except PermissionDenied as error:
            raise CommandError(str(error)) from None

    def _actor(self, username: str | None) -> User | None:
        if username is None:
            return None
        try:
            return User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No user named {username}.") from None

    def _municipalities(self, numbers: list[str]) -> list[Municipality]:
        found = {m.number: m for m in Municipality.objects.filter(number__in=numbers)}
        if missing := sorted(set(numbers) - set(found)):
            raise CommandError(f"No municipality with number {', '.join(missing)}.")
        return list(found.values())

    def _issue(self, *, organisation_number: str, name: str, scopes: list[str], expires_at: str | None,
               actor: str | None, municipalities: list[str], vendor_name: str | None, **options):
        kind = Q(organisation_number=organisation_number) | Q(
            kind=Organisation.Kind.MUNICIPALITY, municipality_id=organisation_number)
        with transaction.atomic():  # a vendor registered here goes again if its client cannot be issued
            self._issue_client(organisation_number=organisation_number, name=name, scopes=scopes,
                               expires_at=expires_at, actor=actor, municipalities=municipalities,
                               vendor_name=vendor_name, kind=kind)

    def _issue_client(self, *, organisation_number, name, scopes, expires_at, actor, municipalities, vendor_name, kind):
        organisation = Organisation.objects.filter(kind).first()
        if organisation is None and vendor_name:
            organisation = vendor_organisation_create(name=vendor_name, organisation_number=organisation_number)
            self.stderr.write(f"Registered {organisation.name} ({organisation_number}) as a case-system vendor.")
        if organisation is None:
            raise CommandError(f"No organisation with organisation or municipality number {organisation_number} "
                               "(give --vendor-name to register a case-system vendor).")
        expires = None
        if expires_at:
            expires = parse_datetime(expires_at)
            if expires is None or expires.tzinfo is None:
                raise CommandError(f"{expires_at} is not an ISO 8601 time with a time zone.")
        client, token = api_client_issue(actor=self._actor(actor), organisation=organisation, name=name,
                                         scopes=scopes, expires_at=expires,
                                         municipalities=self._municipalities(municipalities))
        acting = ", ".join(sorted(client.municipality_numbers)) or "no municipality"
        self.stderr.write(f"Issued {client} for {organisation.name} with {', '.join(client.scopes)}, acting for "
                          f"{acting}. The token is shown only now; store it in the client system:")
        self.stdout.write(token)

    def _revoke(self, *, prefix: str, actor: str | None, **options):
        client = ApiClient.objects.filter(token_prefix=prefix).first()
        if client is None:
            raise CommandError(f"No client with token prefix {prefix}.")
        api_client_revoke(actor=self._actor(actor), client=client)
        self.stdout.write(f"Revoked {client}.")

    def _municipalities_action(self, *, prefix: str, municipalities: list[str], actor: str | None, **options):
        client = ApiClient.objects.filter(token_prefix=prefix).first()
        if client is None:
            raise CommandError(f"No client with token prefix {prefix}.")
        client = api_client_set_municipalities(actor=self._actor(actor), client=client,
                                               municipalities=self._municipalities(municipalities))
        self.stdout.write(f"{client} acts for {', '.join(sorted(client.municipality_numbers)) or 'no municipality'}.")

    def _list(self, **options):
        for client in ApiClient.objects.select_related("organisation").prefetch_related("municipalities"):
            state = "revoked" if client.revoked_at else ("usable" if client.is_usable else "expired or inactive")
            last = f"{client.last_used_at:%Y-%m-%d %H:%M}" if client.last_used_at else "never"
            acting = ",".join(sorted(client.municipality_numbers)) or "-"
            self.stdout.write(f"{client.token_prefix}  {client.name:<30} {client.organisation.name:<30} "
                              f"{','.join(client.scopes):<50} {state:<20} last used {last}  acts for {acting}")
