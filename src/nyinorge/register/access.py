"""Who may write what in the register, and what the register adds to the person scope.

A record is written for a municipality; only that municipality (its caseworkers or its system) may
write it, and only for a person who lived there on the record's dates (checked in the services).
A municipality keeps seeing the people who once lived there, so their history stays readable.
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from nyinorge.core.access import Permission, register_person_scope_extension, user_can
from nyinorge.core.models import ApiClient, Municipality, Organisation, User
from nyinorge.core.roles import Capability, PersonScope


def may_write_for(*, actor: User, client: ApiClient | None, municipality: Municipality) -> Permission:
    """Whether the actor (a caseworker, or a client's service user) may write records for the municipality."""
    if client is not None:
        # A municipal system, or a case-system vendor acting for several municipalities (its scopes are
        # checked by the API); its service user acts only through it.
        if client.user_id != actor.pk:
            return Permission(False, _("The API client does not act through this user."))
        if client.may_act_for(municipality):
            return Permission(True, _("The client acts for %(municipality)s.") % {"municipality": municipality})
        return Permission(False, _("This client does not act for municipality %(municipality)s.")
                          % {"municipality": municipality})
    granted = user_can(actor, Capability.RECORD_INTRODUCTION_REGISTER)
    if not granted:
        return granted
    organisation = actor.organisation
    if organisation.kind == Organisation.Kind.MUNICIPALITY and organisation.municipality_id == municipality.pk:
        return Permission(True, granted.reason)
    return Permission(False, _("You can only register for your own municipality, not %(municipality)s.")
                      % {"municipality": municipality})


def may_record_facts(*, actor: User, municipality: Municipality | None = None) -> Permission:
    """Whether the actor may register residence permits and residence (directorate; a municipality its move-ins)."""
    granted = user_can(actor, Capability.RECORD_REGISTER_FACTS)
    if granted:
        return granted
    if municipality is not None and actor.organisation is not None \
            and actor.organisation.kind == Organisation.Kind.MUNICIPALITY \
            and actor.organisation.municipality_id == municipality.pk:
        return user_can(actor, Capability.RECORD_INTRODUCTION_REGISTER)
    return granted


@register_person_scope_extension
def people_who_lived_in_my_municipality(user: User, scope: PersonScope) -> Q | None:
    from nyinorge.register.models import ResidencePeriod

    if scope != PersonScope.OWN_MUNICIPALITY or not user.organisation.municipality_id:
        return None
    periods = ResidencePeriod.objects.filter(municipality_id=user.organisation.municipality_id)
    return Q(pk__in=periods.values("person_id"))


@register_person_scope_extension
def asylum_seekers_in_centres_i_host(user: User, scope: PersonScope) -> Q | None:
    """The host municipality gives the training for asylum seekers in reception (seed 3.2), so it sees them."""
    if scope != PersonScope.OWN_MUNICIPALITY or not user.organisation.municipality_id:
        return None
    return Q(reception_centre__kind=Organisation.Kind.RECEPTION_CENTRE,
             reception_centre__municipality_id=user.organisation.municipality_id)
