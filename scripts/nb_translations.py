"""Bokmål translations, applied to locale/nb/LC_MESSAGES/django.po by `make messages`.

Kept as data so a new string without a translation fails the test suite (tests/core/test_translations.py).
"""

NB = {
    "You are not logged in.": "Du er ikke logget inn.",
    "Your account is deactivated.": "Kontoen din er deaktivert.",
    "Your account is not connected to an organisation.": "Kontoen din er ikke knyttet til en virksomhet.",
    "Granted by your role “%(role)s”.": "Gitt av rollen din «%(role)s».",
    "You have no roles yet; ask your administrator.": "Du har ingen roller ennå; spør administratoren din.",
    "None of your roles (%(roles)s) gives access to this.": "Ingen av rollene dine (%(roles)s) gir tilgang til dette.",
    "No such person, or not one you have access to.": "Personen finnes ikke, eller du har ikke tilgang til personen.",
    "Organisation": "Virksomhet",
    "Core": "Kjerne",
    "%(code)s is not an ISO 3166 country code (use two letters, e.g. SY, or XX for stateless/unknown).":
        "%(code)s er ikke en ISO 3166-landkode (bruk to bokstaver, f.eks. SY, eller XX for statsløs/ukjent).",
    "%(code)s is not an ISO 639 language code (e.g. ar, ti, prs).": "%(code)s er ikke en ISO 639-språkkode (f.eks. ar, ti, prs).",
    "Languages must be a list of ISO 639 codes.": "Språk må være en liste med ISO 639-koder.",
    "Stateless or unknown": "Statsløs eller ukjent",
    "National identity number": "Fødselsnummer",
    "Fødselsnummer or D number, 11 digits. Leave empty if the person only has a DUF number.":
        "Fødselsnummer eller D-nummer, 11 siffer. La stå tomt hvis personen bare har DUF-nummer.",
    "DUF number": "DUF-nummer",
    "12 digits, for someone without a national identity number.": "12 siffer, for den som ikke har fødselsnummer eller D-nummer.",
    "Given name": "Fornavn",
    "Family name": "Etternavn",
    "Date of birth": "Fødselsdato",
    "Sex": "Kjønn",
    "Citizenship": "Statsborgerskap",
    "Languages": "Språk",
    "ISO 639 codes separated by commas, e.g. ar, ti, prs.": "ISO 639-koder skilt med komma, f.eks. ar, ti, prs.",
    "Phone": "Telefon",
    "Email": "E-post",
    "Municipality of residence": "Bostedskommune",
    "Reception centre": "Mottak",
    "The person shown is the … of the relative": "Personen som vises, er … til slektningen",
    "Relative's national identity number or DUF number": "Slektningens fødselsnummer, D-nummer eller DUF-nummer",
    "Person (identifier or name)": "Person (nummer eller navn)",
    "User name": "Brukernavn",
    "Action": "Handling",
    "From date": "Fra dato",
    "To date": "Til dato",
    "All actions": "Alle handlinger",
    "The end date is before the start date.": "Sluttdatoen er før startdatoen.",
    "%(label)s must be exactly %(length)d digits.": "%(label)s må være nøyaktig %(length)d siffer.",
    "A national identity number": "Et fødselsnummer",
    "The check digits of the national identity number %(number)s do not match; check for a typing error.":
        "Kontrollsifrene i fødselsnummeret %(number)s stemmer ikke; sjekk om det er en skrivefeil.",
    "%(number)s is an FH number (a help number in the health sector), not a personal identity number.":
        "%(number)s er et FH-nummer (hjelpenummer i helsesektoren), ikke et fødselsnummer.",
    "%(number)s is a synthetic test number; synthetic numbers are not accepted in this environment.":
        "%(number)s er et syntetisk testnummer; syntetiske numre godtas ikke i dette miljøet.",
    "The national identity number %(number)s does not contain a valid date of birth.":
        "Fødselsnummeret %(number)s inneholder ikke en gyldig fødselsdato.",
    "A DUF number": "Et DUF-nummer",
    "A DUF number starts with the year it was registered; %(year)s is not a possible year.":
        "Et DUF-nummer begynner med registreringsåret; %(year)s er ikke et mulig år.",
    "%(value)s is not a valid organisation number (nine digits with a valid check digit).":
        "%(value)s er ikke et gyldig organisasjonsnummer (ni siffer med gyldig kontrollsiffer).",
    "View": "Visning",
    "Create": "Oppretting",
    "Update": "Endring",
    "Delete": "Sletting",
    "Export": "Eksport",
    "Login": "Innlogging",
    "Failed login": "Mislykket innlogging",
    "Logout": "Utlogging",
    "time": "tidspunkt",
    "user": "bruker",
    "user name": "brukernavn",
    "organisation": "virksomhet",
    "action": "handling",
    "object type": "objekttype",
    "object id": "objekt-id",
    "person concerned": "berørt person",
    "request id": "forespørsels-id",
    "detail": "detalj",
    "audit entry": "logginnslag",
    "audit entries": "logginnslag",
    "audit subject": "berørt person i logginnslag",
    "audit subjects": "berørte personer i logginnslag",
    "A county number has two digits.": "Et fylkesnummer har to siffer.",
    "A municipality number has four digits.": "Et kommunenummer har fire siffer.",
    "county number": "fylkesnummer",
    "name": "navn",
    "county": "fylke",
    "counties": "fylker",
    "municipality number": "kommunenummer",
    "centroid latitude": "midtpunkt breddegrad",
    "centroid longitude": "midtpunkt lengdegrad",
    "area (km²)": "areal (km²)",
    "municipality": "kommune",
    "municipalities": "kommuner",
    "Directorate": "Direktorat",
    "Municipality": "Kommune",
    "County": "Fylke",
    "Other organisation": "Annen virksomhet",
    "kind": "type",
    "organisation number": "organisasjonsnummer",
    "Nine digits from the Central Coordinating Register for Legal Entities.": "Ni siffer fra Enhetsregisteret.",
    "The municipality itself, or the host municipality of a reception centre.": "Kommunen selv, eller vertskommunen for et mottak.",
    "active": "aktiv",
    "organisations": "virksomheter",
    "Ordinary reception centre": "Ordinært mottak",
    "Integration reception centre": "Integreringsmottak",
    "Care centre": "Omsorgssenter",
    "operator": "driftsoperatør",
    "type": "type",
    "capacity": "kapasitet",
    "reception centre": "mottak",
    "reception centres": "mottak",
    "Female": "Kvinne",
    "Male": "Mann",
    "Unknown": "Ukjent",
    "national identity number": "fødselsnummer",
    "Fødselsnummer or D number, 11 digits.": "Fødselsnummer eller D-nummer, 11 siffer.",
    "The immigration authority's 12-digit number, for someone without a national identity number.":
        "Utlendingsforvaltningens 12-sifrede nummer, for den som ikke har fødselsnummer eller D-nummer.",
    "given name": "fornavn",
    "family name": "etternavn",
    "date of birth": "fødselsdato",
    "sex": "kjønn",
    "citizenship": "statsborgerskap",
    "ISO 3166 country code.": "ISO 3166-landkode.",
    "languages": "språk",
    "ISO 639 codes.": "ISO 639-koder.",
    "phone": "telefon",
    "email": "e-post",
    "municipality of residence": "bostedskommune",
    "person": "person",
    "people": "personer",
    "Give exactly one identifier: a national identity number or, for someone who has none yet, a DUF number.":
        "Oppgi nøyaktig ett nummer: fødselsnummer/D-nummer eller, for den som ikke har det ennå, DUF-nummer.",
    "Spouse or partner": "Ektefelle eller partner",
    "Parent": "Forelder",
    "Sibling": "Søsken",
    "Guardian": "Verge",
    "relation": "relasjon",
    "family relation": "familierelasjon",
    "family relations": "familierelasjoner",
    "Every user except the technical superuser belongs to exactly one organisation.":
        "Alle brukere unntatt den tekniske superbrukeren tilhører nøyaktig én virksomhet.",
    "users": "brukere",
    "role": "rolle",
    "role assignment": "rolletildeling",
    "role assignments": "rolletildelinger",
    "Directorate caseworker": "Saksbehandler i direktoratet",
    "Directorate administrator": "Administrator i direktoratet",
    "Analyst": "Analytiker",
    "Municipality caseworker": "Saksbehandler i kommunen",
    "Reception-centre staff": "Ansatt på mottak",
    "People": "Personer",
    "Search the person registry and see the people you are responsible for.":
        "Søk i personregisteret og se personene du har ansvar for.",
    "Register a person": "Registrer en person",
    "Register a new person with a national identity number or DUF number.":
        "Registrer en ny person med fødselsnummer, D-nummer eller DUF-nummer.",
    "Organisations": "Virksomheter",
    "Municipalities, counties and reception centres.": "Kommuner, fylker og mottak.",
    "Audit log": "Revisjonslogg",
    "Search who saw or changed personal data, and export the log.":
        "Søk i hvem som har sett eller endret personopplysninger, og eksporter loggen.",
    "Users and roles": "Brukere og roller",
    "Create users, assign roles and unlock accounts.": "Opprett brukere, tildel roller og lås opp kontoer.",
    "Statistics": "Statistikk",
    "Aggregated figures without personal data (coming with the statistics module).":
        "Sammenstilte tall uten personopplysninger (kommer med statistikkmodulen).",
    "Child": "Barn",
    "Ward": "Person under vergemål",
    "Unknown reception-centre type %(type)s.": "Ukjent mottakstype %(type)s.",
    "Give only one identifier: a person with a national identity number has no DUF number here.":
        "Oppgi bare ett nummer: en person med fødselsnummer eller D-nummer registreres uten DUF-nummer her.",
    "Give a national identity number or, for someone who has none yet, a DUF number.":
        "Oppgi fødselsnummer eller D-nummer, eller DUF-nummer for den som ikke har det ennå.",
    "The date of birth %(given)s does not match the national identity number (%(encoded)s).":
        "Fødselsdatoen %(given)s stemmer ikke med fødselsnummeret (%(encoded)s).",
    "A person with national identity number %(number)s is already registered.":
        "En person med fødselsnummer %(number)s er allerede registrert.",
    "A person with DUF number %(number)s is already registered.": "En person med DUF-nummer %(number)s er allerede registrert.",
    "The date of birth cannot be in the future.": "Fødselsdatoen kan ikke være fram i tid.",
    "A person with this identifier was registered at the same moment; search for them.":
        "En person med dette nummeret ble registrert i samme øyeblikk; søk opp personen.",
    "A person cannot be their own relative.": "En person kan ikke være i familie med seg selv.",
    "%(relative)s is already registered as the parent of %(person)s.": "%(relative)s er allerede registrert som forelder til %(person)s.",
    "This relation is already registered.": "Denne relasjonen er allerede registrert.",
    "The role “%(role)s” cannot be held by a user of %(organisation)s (%(kind)s).":
        "Rollen «%(role)s» kan ikke gis til en bruker i %(organisation)s (%(kind)s).",
    "Connect the user to an organisation before granting roles.": "Knytt brukeren til en virksomhet før du tildeler roller.",
    "No access": "Ingen tilgang",
    "You do not have access to this page": "Du har ikke tilgang til denne siden",
    "Go to the start page": "Gå til forsiden",
    "Not found": "Ikke funnet",
    "The page was not found": "Fant ikke siden",
    "It does not exist, or it is not something you have access to.": "Den finnes ikke, eller du har ikke tilgang til den.",
    "Skip to main content": "Hopp til hovedinnhold",
    "No organisation": "Ingen virksomhet",
    "Log out": "Logg ut",
    "Main menu": "Hovedmeny",
    "Start": "Forside",
    "nyinorge – settlement and integration of refugees. Every access to personal data is logged.":
        "nyinorge – bosetting og integrering av flyktninger. All tilgang til personopplysninger logges.",
    "Correct the following to continue": "Rett opp følgende for å gå videre",
    "optional": "valgfritt",
    ("%(counter)s organisation", "%(counter)s organisations"): ("%(counter)s virksomhet", "%(counter)s virksomheter"),
    "Name": "Navn",
    "Kind": "Type",
    "Details": "Detaljer",
    ("%(counter)s person", "%(counter)s people"): ("%(counter)s person", "%(counter)s personer"),
    "People you have access to": "Personer du har tilgang til",
    "Identifier": "Nummer",
    "Pages": "Sider",
    "Previous": "Forrige",
    "Page %(number)s of %(total)s": "Side %(number)s av %(total)s",
    "Next": "Neste",
    "No people match the search.": "Ingen personer passer med søket.",
    "Every read and change of personal data, and every login. Entries cannot be changed or deleted.":
        "All lesing og endring av personopplysninger, og alle innlogginger. Innslag kan ikke endres eller slettes.",
    "Search": "Søk",
    "Export as CSV": "Eksporter som CSV",
    ("%(counter)s entry", "%(counter)s entries"): ("%(counter)s innslag", "%(counter)s innslag"),
    "Audit entries, newest first": "Logginnslag, nyeste først",
    "Time": "Tidspunkt",
    "User": "Bruker",
    "Object": "Objekt",
    "Person concerned": "Berørt person",
    "Request id": "Forespørsels-id",
    "Detail": "Detalj",
    "No entries match.": "Ingen innslag passer.",
    "Welcome, %(name)s": "Velkommen, %(name)s",
    "Your roles:": "Rollene dine:",
    "does not fit your organisation": "passer ikke til virksomheten din",
    "You have no roles yet. Ask your administrator for access.": "Du har ingen roller ennå. Be administratoren din om tilgang.",
    "What you can do": "Dette kan du gjøre",
    "Nothing yet: your roles give no access to any part of the service.":
        "Ingenting ennå: rollene dine gir ikke tilgang til noen del av tjenesten.",
    "Account locked": "Kontoen er låst",
    "Too many failed login attempts": "For mange mislykkede innloggingsforsøk",
    "The account is locked for now. Try again later (%(hours)s), or ask your administrator to unlock it.":
        "Kontoen er låst inntil videre. Prøv igjen senere (%(hours)s), eller be administratoren din låse den opp.",
    "Log in": "Logg inn",
    "Log in to nyinorge": "Logg inn i nyinorge",
    "For the directorate, municipalities and reception centres.": "For direktoratet, kommunene og mottakene.",
    "or": "eller",
    "Log in with %(oidc_provider_name)s": "Logg inn med %(oidc_provider_name)s",
    "Name or municipality number": "Navn eller kommunenummer",
    "All kinds": "Alle typer",
    "Search by name, national identity number or DUF number": "Søk på navn, fødselsnummer, D-nummer eller DUF-nummer",
    "Breadcrumbs": "Brødsmulesti",
    "Edit": "Endre",
    "Family": "Familie",
    "Registered family relations": "Registrerte familierelasjoner",
    "Relation": "Relasjon",
    "Actions": "Handlinger",
    "Remove": "Fjern",
    "No family relations are registered.": "Ingen familierelasjoner er registrert.",
    "Register a family relation": "Registrer en familierelasjon",
    "Edit person": "Endre person",
    "Edit %(name)s": "Endre %(name)s",
    "Give exactly one identifier: a national identity number (fødselsnummer or D number) or, for someone who has none yet, a DUF number.":
        "Oppgi nøyaktig ett nummer: fødselsnummer eller D-nummer, eller DUF-nummer for den som ikke har det ennå.",
    "Save": "Lagre",
    "Cancel": "Avbryt",
    "Family relation for %(name)s": "Familierelasjon for %(name)s",
    "%(name)s is registered.": "%(name)s er registrert.",
    "The changes are saved.": "Endringene er lagret.",
    "No registered person has this identifier. Register the relative first.":
        "Ingen registrert person har dette nummeret. Registrer slektningen først.",
    "The relation is registered.": "Relasjonen er registrert.",
    "The relation is removed.": "Relasjonen er fjernet.",
    "Norwegian bokmål": "Norsk bokmål",
    "English": "Engelsk",
    "Settlement": "Bosetting",
    "year": "år",
    "national target": "nasjonalt behov",
    "The number of refugees to settle, set by the national committee.": "Antallet flyktninger som skal bosettes, fastsatt av Nasjonalt utvalg.",
    "answer deadline (days)": "svarfrist (dager)",
    "immigrant-share threshold": "terskel for innvandrerandel",
    "Municipalities above this immigrant share get no request by default.": "Kommuner over denne innvandrerandelen anmodes som hovedregel ikke.",
    "weight: employment share": "vekt: sysselsettingsandel",
    "weight: introduction-programme results": "vekt: resultater i introduksjonsprogrammet",
    "weight: readiness": "vekt: beredskap",
    "weight: earlier settlement": "vekt: tidligere bosetting",
    "settlement year": "bosettingsår",
    "settlement years": "bosettingsår",
    "population": "folketall",
    "employment share": "sysselsettingsandel",
    "former participants in work or education": "tidligere deltakere i arbeid eller utdanning",
    "immigrant share": "innvandrerandel",
    "readiness/capacity": "beredskap/kapasitet",
    "settled in the last five years": "bosatt de siste fem årene",
    "municipal indicators": "kommunale indikatorer",
    "version": "versjon",
    "note": "merknad",
    "request version": "versjon av anmodningen",
    "request versions": "versjoner av anmodningen",
    "weight": "vekt",
    "computed": "beregnet",
    "requested": "anmodet",
    "excluded because": "unntatt fordi",
    "override reason": "begrunnelse for overstyring",
    "revision": "revisjon",
    "persons": "personer",
    "of which unaccompanied minors": "herav enslige mindreårige",
    "decision date": "vedtaksdato",
    "municipal decision": "kommunalt vedtak",
    "municipal decisions": "kommunale vedtak",
    "You can register decisions only for your own municipality.": "Du kan bare registrere vedtak for din egen kommune.",
    "The unaccompanied minors are part of the persons decided, so they cannot be more.":
        "Enslige mindreårige er en del av personene det er vedtatt å bosette, og kan ikke være flere.",
    "The decision date cannot be in the future.": "Vedtaksdatoen kan ikke være fram i tid.",
    "The file lacks the columns: %(columns)s.": "Filen mangler kolonnene: %(columns)s.",
    "line %(line)d: %(problems)s": "linje %(line)d: %(problems)s",
    "Nothing was imported. Correct these rows:": "Ingenting ble importert. Rett opp disse radene:",
    "Import the municipal indicators for %(year)s first.": "Importer de kommunale indikatorene for %(year)s først.",
    "No indicators for municipality %(numbers)s.": "Ingen indikatorer for kommune %(numbers)s.",
    "computed from the indicators": "beregnet fra indikatorene",
    "Give a reason for the override.": "Oppgi en begrunnelse for overstyringen.",
    "override: %(reason)s": "overstyring: %(reason)s",
    "Resettlement refugee": "Overføringsflyktning",
    "From reception centre": "Fra mottak",
    "Family reunification": "Familiegjenforening",
    "Other": "Annet",
    "category": "kategori",
    "state": "status",
    "unaccompanied minor": "enslig mindreårig",
    "special needs": "særskilte behov",
    "shielded identity": "skjermet identitet",
    "The residence or entry decision that makes the case ready for settlement.":
        "Vedtaket om opphold eller innreisetillatelse som gjør saken bosettingsklar.",
    "private address": "privat adresse",
    "municipality with close family": "kommune der nær familie bor",
    "needs": "behov",
    "competence": "kompetanse",
    "settlement year of the proposal": "bosettingsår for tildelingen",
    "Proposed to, accepted by or settled in.": "Tildelt til, akseptert av eller bosatt i.",
    "answer deadline": "svarfrist",
    "settlement date": "bosettingsdato",
    "case": "sak",
    "cases": "saker",
    "transition": "overgang",
    "from": "fra",
    "to": "til",
    "reason": "begrunnelse",
    "Unknown action %(name)s.": "Ukjent handling %(name)s.",
    "A case that is “%(state)s” cannot be given the action “%(action)s”.":
        "En sak med status «%(state)s» kan ikke få handlingen «%(action)s».",
    "Your organisation cannot take the action “%(action)s”.": "Virksomheten din kan ikke utføre handlingen «%(action)s».",
    "The case is not proposed to your municipality.": "Saken er ikke foreslått for din kommune.",
    "Give a reason.": "Oppgi en begrunnelse.",
    "A case needs at least one person.": "En sak må ha minst én person.",
    "An unaccompanied minor is a case of one person.": "En enslig mindreårig er en sak med én person.",
    "%(name)s is already in open case %(case)s.": "%(name)s er allerede med i den åpne saken %(case)s.",
    "%(municipality)s has no settlement decision for %(year)s.": "%(municipality)s har ikke noe bosettingsvedtak for %(year)s.",
    "Accepting %(n)d persons would exceed the decided places: %(free)d left.":
        "Å akseptere %(n)d personer ville gå ut over vedtaksplassene: %(free)d igjen.",
    "The settlement date is before the decision date.": "Bosettingsdatoen er før vedtaksdatoen.",
    "The settlement date cannot be in the future.": "Bosettingsdatoen kan ikke være fram i tid.",
    "Registered": "Registrert",
    "Ready for settlement": "Bosettingsklar",
    "Proposed to a municipality": "Tildelt en kommune",
    "Accepted by the municipality": "Akseptert av kommunen",
    "Declined by the municipality": "Avslått av kommunen",
    "Settled": "Bosatt",
    "Withdrawn": "Trukket",
    "Mark as ready for settlement": "Merk som bosettingsklar",
    "Propose to a municipality": "Tildel til en kommune",
    "Accept": "Aksepter",
    "Decline": "Avslå",
    "Record the settlement": "Registrer bosettingen",
    "Withdraw": "Trekk saken",
}


def _merge_topic_files() -> None:
    """Each area may keep its strings in scripts/nb/<topic>.py (a dict NB), so parallel work does not collide."""
    import importlib.util
    from pathlib import Path

    for path in sorted((Path(__file__).parent / "nb").glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"nb_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        NB.update(module.NB)


_merge_topic_files()


def apply(po_path: str) -> list[str]:
    """Fill the .po file from NB; return the msgids still missing."""
    import polib

    po = polib.pofile(po_path)
    missing = []
    for entry in po:
        key = (entry.msgid, entry.msgid_plural) if entry.msgid_plural else entry.msgid
        if key not in NB:
            missing.append(entry.msgid)
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: NB[key][0], 1: NB[key][1]}
        else:
            entry.msgstr = NB[key]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.metadata["Language"] = "nb"
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save(po_path)
    return missing


if __name__ == "__main__":
    import sys

    missing = apply(sys.argv[1])
    if missing:
        print("untranslated:", *missing, sep="\n  ")
        sys.exit(1)
