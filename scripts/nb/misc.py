"""Bokmål for answer-deadline reminders, list exports and settlement demo data."""

NB = {
    # Reminders (the email is always in bokmål)
    ("Answer deadline tomorrow: %(count)d proposal to %(municipality)s",
     "Answer deadline tomorrow: %(count)d proposals to %(municipality)s"):
        ("Svarfrist i morgen: %(count)d tildeling til %(municipality)s",
         "Svarfrist i morgen: %(count)d tildelinger til %(municipality)s"),
    ("Case %(case)s: %(count)d person", "Case %(case)s: %(count)d persons"):
        ("Sak %(case)s: %(count)d person", "Sak %(case)s: %(count)d personer"),
    "Hello,": "Hei,",
    ("The answer deadline for this proposal to %(municipality)s is tomorrow, %(deadline)s:",
     "The answer deadline for these proposals to %(municipality)s is tomorrow, %(deadline)s:"):
        ("Svarfristen for denne tildelingen til %(municipality)s er i morgen, %(deadline)s:",
         "Svarfristen for disse tildelingene til %(municipality)s er i morgen, %(deadline)s:"),
    "Accept or decline in nyinorge: %(url)s": "Aksepter eller avslå i nyinorge: %(url)s",
    "This message is sent automatically and names no persons; log in to see the cases.":
        "Denne meldingen er sendt automatisk og navngir ingen personer; logg inn for å se sakene.",
    # Exports
    "Yes": "Ja",
    "No": "Nei",
    "Unknown export format “%(format)s”: choose csv or xlsx.": "Ukjent eksportformat «%(format)s»: velg csv eller xlsx.",
    "Case number": "Saksnummer",
    "Category": "Kategori",
    "State": "Status",
    "Persons": "Personer",
    "Ages": "Alder",
    "Flags": "Merknader",
    "Decision date": "Vedtaksdato",
    "Waiting months": "Ventetid (måneder)",
    "Reception centre": "Mottak",
    "Municipality": "Kommune",
    "Answer deadline": "Svarfrist",
    "Settlement date": "Bosettingsdato",
    "Names": "Navn",
    "family with children": "barnefamilie",
    "ready-for-settlement": "bosettingsklare",
    "overdue-proposals": "tildelinger-over-svarfrist",
    "proposals": "tildelinger",
    "accepted": "akseptert",
    "settled": "bosatt",
    "residents": "beboere",
}
