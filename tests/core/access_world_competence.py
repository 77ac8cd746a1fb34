"""The access matrix's Kompass objects: a resident of the Lier centre who logs in with a one-time code (a login
without organisation or roles, like the interpreter applicant), with a registration of their own."""

import datetime

from django.test import Client

from nyinorge.competence.services.access_codes import access_code_issue, access_code_redeem


def competence_world_build(caseworker, lier, make_person, principal_class):
    """(the resident principal, the resident person)."""
    resident = make_person(caseworker, "Reza", "Kompassmatrise", centre=lier, born=datetime.date(1992, 4, 4))
    _record, code = access_code_issue(actor=caseworker, person=resident)
    login = access_code_redeem(code=code, language="en", address="127.0.0.1", session_key="matrix")
    principal = principal_class("resident (Kompass code)", user=login.user, resident=login,
                                client=Client(HTTP_ACCEPT_LANGUAGE="en"))
    return principal, resident
