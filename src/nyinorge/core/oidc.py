"""OpenID Connect login (ID-porten, Entra ID): maps a verified identity to a provisioned user.

Users are never created from a login: a person gets access only after an administrator has
created the account with an organisation and roles.
"""

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from nyinorge.core.models import User


class OrganisationOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        value = claims.get(settings.OIDC_USERNAME_CLAIM)
        if not value:
            return self.UserModel.objects.none()
        if settings.OIDC_USERNAME_CLAIM == "email":
            return User.objects.filter(email__iexact=value, is_active=True)
        return User.objects.filter(username=value, is_active=True)

    def verify_claims(self, claims) -> bool:
        return bool(claims.get(settings.OIDC_USERNAME_CLAIM))
