"""How an applicant organisation's users log in in production: ID-porten with Altinn authorisation, through the
existing OIDC setting (`OIDC_*` in settings, `core.oidc.OrganisationOIDCBackend`).

1. The person logs in with ID-porten. The client is registered with Digdir for Altinn authorisation (Ansattporten,
   "ID-porten for employees"), so the token and userinfo carry an `authorization_details` claim: for the Altinn
   resource the grant portal is registered as, the organisations ("reportees") the person may act for, each
   {"ID": "0192:<organisation number>", "Name": "...", "Rights": [...]} (0192 is the ISO 6523 code of
   Brønnøysundregistrene's register of legal entities). Who holds that right is decided in Altinn by the
   organisation itself (its general manager or chair delegates it), never here.
2. The user is found as for every OIDC login (`OIDC_USERNAME_CLAIM`), and a user with the grant applicant role is
   let in only if their organisation's number is among the reportees: someone who has lost the Altinn right for
   the organisation loses the portal at their next login. Other users (staff) are not affected.
3. Users are not created from a login (`OIDC_CREATE_USER` stays False): the organisation's first user is
   provisioned with the organisation, and the local signup (`grants:applicant_signup`, `GRANTS_LOCAL_SIGNUP`)
   stands in for this in development.

To use it, put `nyinorge.grants.oidc.ApplicantOIDCBackend` in `AUTHENTICATION_BACKENDS` instead of the core one
(it is a `core.oidc.OrganisationOIDCBackend` with the check of point 2).
"""

from nyinorge.core.oidc import OrganisationOIDCBackend
from nyinorge.core.roles import Role

AUTHORISATION_CLAIM = "authorization_details"
ISO6523_PREFIX = "0192:"


def altinn_organisation_numbers(claims: dict) -> set[str]:
    """The organisation numbers the person may act for, from the Altinn authorisation claim."""
    numbers = set()
    for detail in claims.get(AUTHORISATION_CLAIM) or []:
        if not isinstance(detail, dict):
            continue
        for reportee in detail.get("reportees") or []:
            identifier = str(reportee.get("ID", "")) if isinstance(reportee, dict) else ""
            if identifier.startswith(ISO6523_PREFIX):
                identifier = identifier[len(ISO6523_PREFIX):]
            if len(identifier) == 9 and identifier.isdigit():
                numbers.add(identifier)
    return numbers


class ApplicantOIDCBackend(OrganisationOIDCBackend):
    def filter_users_by_claims(self, claims):
        users = super().filter_users_by_claims(claims)
        applicants = users.filter(role_assignments__role=Role.GRANT_APPLICANT)
        allowed = applicants.filter(organisation__organisation_number__in=altinn_organisation_numbers(claims))
        return users.exclude(pk__in=applicants.exclude(pk__in=allowed).values("pk"))
