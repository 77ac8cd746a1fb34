"""Bokmål for WS4 (the introduction register's API): vendor clients, idempotency keys, batches."""

NB = {
    "The request body is too large; send at most 1,000 records per batch.":
        "Forespørselen er for stor; send høyst 1 000 poster per bunt.",
    "Read what the introduction register holds for the persons of the client's municipalities.":
        "Lese hva introduksjonsregisteret har om personene i klientens kommuner.",
    "Register programme participation, training, hours, absences, exemptions and test results for the persons of "
    "the client's municipalities.":
        "Registrere deltakelse i introduksjonsprogram, opplæring, timer, fravær, fritak og prøveresultater for "
        "personene i klientens kommuner.",
    "Record %(index)d (client_ref “%(client_ref)s”): %(detail)s": "Post %(index)d (client_ref «%(client_ref)s»): %(detail)s",
    "the same client_ref is already record %(first)d of this batch; send each record once.":
        "samme client_ref er allerede post %(first)d i denne bunten; send hver post bare én gang.",
    "The Idempotency-Key %(key)s was already used for a different request; use a new key for a new request, and the "
    "same key only to retry the same request.":
        "Idempotency-Key %(key)s er allerede brukt for en annen forespørsel; bruk en ny nøkkel for en ny forespørsel, "
        "og samme nøkkel bare for å sende den samme forespørselen på nytt.",
    "Municipalities the client writes and reads for besides its own organisation's municipality (a case-system "
    "vendor acting for several municipalities).":
        "Kommuner klienten skriver og leser for i tillegg til egen kommune (en fagsystemleverandør som handler for "
        "flere kommuner).",
    "acts for municipalities": "handler for kommunene",
    "idempotency key": "idempotensnøkkel",
    "idempotency keys": "idempotensnøkler",
    "request fingerprint": "fingeravtrykk av forespørselen",
    "response status": "svarstatus",
    "response body": "svarinnhold",
    "A client of %(organisation)s (%(kind)s) must list the municipalities it acts for.":
        "En klient for %(organisation)s (%(kind)s) må oppgi kommunene den handler for.",
    "A vendor needs its organisation number.": "En leverandør må ha organisasjonsnummeret sitt.",
    "Give the time with its time zone, e.g. 2026-01-01T00:00:00+01:00.":
        "Oppgi tidspunktet med tidssone, f.eks. 2026-01-01T00:00:00+01:00.",
    "Give exactly one of national_id and duf_number.": "Oppgi nøyaktig én av national_id og duf_number.",
    "This is not a cursor from a previous page.": "Dette er ikke en markør fra en tidligere side.",
    "Give the municipality: this client acts for several (%(numbers)s).":
        "Oppgi kommunen: denne klienten handler for flere (%(numbers)s).",
    "Something went wrong on our side; it has been logged. Send the record again later.":
        "Noe gikk galt hos oss; feilen er logget. Send posten på nytt senere.",
    "This client does not act for municipality %(number)s.": "Denne klienten handler ikke for kommune %(number)s.",
    "The record has invalid values.": "Posten har ugyldige verdier.",
}
