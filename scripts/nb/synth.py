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
