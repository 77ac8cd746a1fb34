"""Bokmål for the JSON API: machine clients, scopes and problem details."""

NB = {
    "Revoke the selected clients' tokens": "Trekk tilbake nøklene til de valgte klientene",
    ("Revoked %(count)d client.", "Revoked %(count)d clients."):
        ("Trakk tilbake %(count)d klient.", "Trakk tilbake %(count)d klienter."),
    "This token does not have the scope %(scope)s.": "Denne nøkkelen har ikke tilgangsområdet %(scope)s.",
    "Read the municipality's proposals (need-to-know view) and capacity.":
        "Lese kommunens forslag (det kommunen trenger å vite) og kapasitet.",
    "Accept or decline proposals.": "Si ja eller nei til forslag.",
    "Register, list and withdraw housing notices.": "Melde, liste og trekke boligmeldinger.",
    "service user": "tjenestebruker",
    "scopes": "tilgangsområder",
    "token prefix": "nøkkelprefiks",
    "The first characters of the token, to recognise it in lists and logs.":
        "De første tegnene i nøkkelen, for å kjenne den igjen i lister og logger.",
    "token hash": "nøkkelens hash",
    "issued by": "utstedt av",
    "issued": "utstedt",
    "expires": "utløper",
    "revoked": "trukket tilbake",
    "last used": "sist brukt",
    "API client": "API-klient",
    "API clients": "API-klienter",
    "Bad request": "Ugyldig forespørsel",
    "Authentication required": "Autentisering kreves",
    "Forbidden": "Ingen tilgang",
    "Method not allowed": "Metoden er ikke tillatt",
    "Conflict": "Konflikt",
    "Invalid input": "Ugyldige verdier",
    "Too many requests": "For mange forespørsler",
    "Internal server error": "Intern feil på tjeneren",
    "The request has invalid values.": "Forespørselen har ugyldige verdier.",
    "This field is required.": "Feltet må fylles ut.",
    "Send a valid, unrevoked API token as “Authorization: Bearer <token>”.":
        "Send en gyldig API-nøkkel som ikke er trukket tilbake, som «Authorization: Bearer <nøkkel>».",
    "You do not have access to this.": "Du har ikke tilgang til dette.",
    "No such resource, or not one you have access to.": "Ressursen finnes ikke, eller du har ikke tilgang til den.",
    "The request body could not be read; send valid JSON.": "Innholdet i forespørselen kunne ikke leses; send gyldig JSON.",
    "Something went wrong on our side; it has been logged.": "Noe gikk galt hos oss; feilen er logget.",
    "Give the client a name.": "Gi klienten et navn.",
    "API clients cannot be issued to %(organisation)s (%(kind)s).":
        "API-klienter kan ikke utstedes til %(organisation)s (%(kind)s).",
    "%(organisation)s is deactivated.": "%(organisation)s er deaktivert.",
    "Give the client at least one scope.": "Gi klienten minst ett tilgangsområde.",
    "Unknown scope %(scope)s; known scopes: %(known)s.": "Ukjent tilgangsområde %(scope)s; kjente tilgangsområder: %(known)s.",
    "The scope %(scope)s cannot be given to %(kind)s.": "Tilgangsområdet %(scope)s kan ikke gis til %(kind)s.",
    "The expiry time has already passed.": "Utløpstidspunktet er allerede passert.",
    "Could not issue the token; try again.": "Kunne ikke utstede nøkkelen; prøv igjen.",
    "There is no settlement year %(year)s.": "Det finnes ikke noe bosettingsår %(year)s.",
    "No such housing notice, or not one of your municipality's.":
        "Boligmeldingen finnes ikke, eller den tilhører ikke kommunen din.",
}
