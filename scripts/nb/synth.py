"""Bokmål for the statistics KPIs, the synthetic year and the import of settlement extracts."""

NB = {
    "Statistics": "Statistikk",
    "Refugees settled": "Bosatte flyktninger",
    "Resettlement refugees settled": "Bosatte overføringsflyktninger",
    "Unaccompanied minors settled": "Bosatte enslige mindreårige",
    "Families with children settled": "Bosatte barnefamilier",
    "Children in families with children settled": "Bosatte barn i barnefamilier",
    "Persons in families with children settled": "Bosatte personer i barnefamilier",
    "Other adults settled": "Bosatte andre voksne",
    "Mean waiting time, all (months)": "Gjennomsnittlig ventetid, alle (måneder)",
    "Mean waiting time, unaccompanied minors (months)": "Gjennomsnittlig ventetid, enslige mindreårige (måneder)",
    "Mean waiting time, families with children (months)": "Gjennomsnittlig ventetid, barnefamilier (måneder)",
    "Mean waiting time, other adults (months)": "Gjennomsnittlig ventetid, andre voksne (måneder)",
    "SP1: share settled within 6 months": "SP1: andel bosatt innen 6 måneder",
    "SP1: share settled within 12 months": "SP1: andel bosatt innen 12 måneder",
    "SP2: share of families with children settled within 3 months": "SP2: andel barnefamilier bosatt innen 3 måneder",
    "SP3: share of unaccompanied minors settled within 3 months": "SP3: andel enslige mindreårige bosatt innen 3 måneder",
    "Settlement-ready in reception centres on 31 December": "Bosettingsklare i mottak 31. desember",
    "Median waiting time of those on 31 December (months)": "Median ventetid for disse 31. desember (måneder)",
    "Of those, waiting more than 12 months": "Av disse, ventet mer enn 12 måneder",
}
NB.update({
    "Synthetic data": "Syntetiske data",
    "external case id": "ekstern saks-ID",
    "%(column)s is missing": "%(column)s mangler",
    "%(column)s is not a date YYYY-MM-DD: %(value)s": "%(column)s er ikke en dato ÅÅÅÅ-MM-DD: %(value)s",
    "%(column)s is in the future: %(value)s": "%(column)s er fram i tid: %(value)s",
    "person_id: %(reason)s": "person_id: %(reason)s",
    "birth_date %(given)s does not match the national identity number":
        "birth_date %(given)s stemmer ikke med fødselsnummeret",
    "case_id is missing": "case_id mangler",
    "category must be one of %(choices)s, not %(value)s": "category må være en av %(choices)s, ikke %(value)s",
    "unaccompanied_minor must be true or false, not %(value)s": "unaccompanied_minor må være true eller false, ikke %(value)s",
    "a settled person needs a municipality_number": "en bosatt person må ha municipality_number",
    "municipality_number is given but settlement_date is empty": "municipality_number er oppgitt, men settlement_date er tom",
    "unknown municipality number %(number)s": "ukjent kommunenummer %(number)s",
    "settlement_date is before decision_date": "settlement_date er før decision_date",
    "an unaccompanied minor must be under 18 on the decision date": "en enslig mindreårig må være under 18 år på vedtaksdatoen",
    "the person is also on line %(line)d": "personen står også på linje %(line)d",
    "case %(case)s: dates, category, flag and municipality must be the same as on line %(line)d":
        "sak %(case)s: datoer, kategori, markering og kommune må være de samme som på linje %(line)d",
    "an unaccompanied minor is a case of one person": "en enslig mindreårig er en sak med én person",
    "line %(line)d: the person is already in a case that is not in this file":
        "linje %(line)d: personen er allerede i en sak som ikke står i denne filen",
    "Imported": "Importert",
    "person": "person",
})
# The bulk settlement services (loading past years).
NB.update({
    "%(name)s is not a reception centre.": "%(name)s er ikke et mottak.",
    "%(name)s is in more than one of the new cases.": "%(name)s er med i mer enn én av de nye sakene.",
    "A case can take only one step in a batch.": "En sak kan bare ta ett steg i en bunke.",
    "A proposal needs a settlement year.": "Et forslag må ha et bosettingsår.",
    "A proposal needs a municipality.": "Et forslag må ha en kommune.",
    "Some of the cases no longer exist.": "Noen av sakene finnes ikke lenger.",
    "The date cannot be in the future.": "Datoen kan ikke være fram i tid.",
    "The date is before the decision date.": "Datoen er før vedtaksdatoen.",
    "The date is before the case's last step (%(date)s).": "Datoen er før sakens siste steg (%(date)s).",
})
