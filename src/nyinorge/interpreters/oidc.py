"""ID-porten login for interpreters: the organisation backend (`core.oidc`), plus self-registration.

Staff logins must exist already. A person who starts from "Apply to the interpreter register" gets a flag in the
session; if their identity has no login yet, this backend creates one (no organisation, no roles) together with
the interpreter entry prefilled from the population register by the verified national identity number (the
"pid" claim ID-porten sends). Configure `AUTHENTICATION_BACKENDS` with this class instead of the core one.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError

from nyinorge.core.oidc import OrganisationOIDCBackend

logger = logging.getLogger(__name__)

SIGNUP_SESSION_KEY = "interpreter_signup"
PERSON_NUMBER_CLAIM = "pid"


class InterpreterSignupOIDCBackend(OrganisationOIDCBackend):
    def get_settings(self, attr, *args):
        if attr == "OIDC_CREATE_USER":
            request = getattr(self, "request", None)
            return bool(request is not None and request.session.get(SIGNUP_SESSION_KEY))
        return super().get_settings(attr, *args)

    def create_user(self, claims):
        from nyinorge.interpreters.services.accounts import interpreter_account_create

        person_number = claims.get(PERSON_NUMBER_CLAIM, "")
        username = claims.get(settings.OIDC_USERNAME_CLAIM, "")
        try:
            user = interpreter_account_create(person_number=person_number, email=claims.get("email", ""),
                                              username=username, identity_verified=True)
        except ValidationError as error:
            logger.warning("Interpreter self-registration through OIDC refused: %s", "; ".join(error.messages))
            return None
        self.request.session.pop(SIGNUP_SESSION_KEY, None)
        return user
