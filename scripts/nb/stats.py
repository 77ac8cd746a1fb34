"""Bokmål for the statistics pages, charts, downloads and PDF report."""

NB = {
    "Settlement key figures, Table 3-1 and the report's figures; downloads as CSV, Excel and PDF.":
        "Nøkkeltall for bosetting, tabell 3-1 og årsrapportens figurer; kan lastes ned som CSV, Excel og PDF.",
    "Figure 3-1-1: refugees requested, places decided and refugees settled":
        "Figur 3-1-1: anmodning, vedtak og bosatte flyktninger",
    "Figure 3-1-4: share settled within 3 and 6 months, by category":
        "Figur 3-1-4: andel bosatt innen 3 og 6 måneder, etter kategori",
    "Figure 3-1-5: mean waiting time in months, by category":
        "Figur 3-1-5: gjennomsnittlig ventetid i måneder, etter kategori",
    "Figure 3-1-6: settlement-ready in reception centres on 31 December, by category":
        "Figur 3-1-6: bosettingsklare i mottak 31. desember, etter kategori",
    "%(title)s. The figures are in the table below the chart.": "%(title)s. Tallene står i tabellen under figuren.",
    "Persons in families with children": "Personer i barnefamilier",
    "Other adults": "Andre voksne",
    "All settled": "Alle bosatte",
    "families": "familier",
    "months": "måneder",
    "share": "andel",
    "Key": "Nøkkel",
    "Indicator": "Indikator",
    "Target": "Mål",
    "Target met": "Mål nådd",
    "Annual report %(year)s": "Årsrapport %(year)s",
    "Unit": "Enhet",
    "Key figures %(year)s": "Nøkkeltall %(year)s",
    "Table 3-1: settlement %(first)s–%(last)s": "Tabell 3-1: bosetting %(first)s–%(last)s",
    "Municipalities requested": "Kommuner anmodet",
    "Refugees requested": "Flyktninger anmodet",
    "Municipalities agreed": "Kommuner med vedtak",
    "Places decided": "Vedtatte plasser",
    "Figure 3-1-1: request, decisions and settlements by year": "Figur 3-1-1: anmodning, vedtak og bosetting per år",
    "Share within 3 months": "Andel innen 3 måneder",
    "Share within 6 months": "Andel innen 6 måneder",
    "Mean waiting time (months)": "Gjennomsnittlig ventetid (måneder)",
    "Settlement-ready in reception on 31 December": "Bosettingsklare i mottak 31. desember",
    "Figures 3-1-4 to 3-1-6: settlement by category, %(year)s": "Figur 3-1-4 til 3-1-6: bosetting etter kategori, %(year)s",
    "Waiting time in months is the number of days from the residence or entry decision to settlement divided by "
    "365.25 / 12. “Within 6 months” includes exactly 6.0 months.":
        "Ventetid i måneder er antall dager fra vedtak om oppholdstillatelse eller innreise til bosetting, delt på "
        "365,25 / 12. «Innen 6 måneder» tar med nøyaktig 6,0 måneder.",
    "A person counts in the year their settlement date falls in.": "En person telles i året bosettingsdatoen faller i.",
    "Unaccompanied minors: cases flagged as unaccompanied minors, including those under 15 settled by the child "
    "welfare service (Bufetat).":
        "Enslige mindreårige: saker merket som enslige mindreårige, også de under 15 år som Bufetat bosetter.",
    "Families with children: cases, not unaccompanied minors, with a member under 18 on the settlement date. Persons "
    "in families with children are both the children and the adults of those cases. Age is taken on the settlement "
    "date, so someone who turned 18 while waiting counts as an adult.":
        "Barnefamilier: saker, ikke enslige mindreårige, med et medlem under 18 år på bosettingsdatoen. Personer i "
        "barnefamilier er både barna og de voksne i disse sakene. Alderen regnes på bosettingsdatoen, så den som "
        "fylte 18 mens hen ventet, telles som voksen.",
    "Other adults: everyone aged 18 or over who is not in a family with children.":
        "Andre voksne: alle på 18 år eller eldre som ikke er i en barnefamilie.",
    "Shielded identities: the total settled, the resettlement refugees, the mean waiting time for all and SP1 count "
    "everyone. The breakdown by category (unaccompanied minors, families with children, other adults, their mean "
    "waiting times, SP2 and SP3) leaves out persons with a shielded identity, as Table 3-1 of the annual report does.":
        "Skjermet identitet: bosatte i alt, overføringsflyktninger, gjennomsnittlig ventetid for alle og SP1 teller "
        "alle. Fordelingen på kategorier (enslige mindreårige, barnefamilier, andre voksne, deres gjennomsnittlige "
        "ventetid, SP2 og SP3) holder personer med skjermet identitet utenfor, slik tabell 3-1 i årsrapporten gjør.",
    "SP1: share of persons settled within 6 (and 12) months of the decision, target 90 per cent. SP2: share of "
    "families with children settled within 3 months, counted per family, target 50 per cent. SP3: share of "
    "unaccompanied minors settled within 3 months, target 50 per cent.":
        "SP1: andel personer bosatt innen 6 (og 12) måneder etter vedtaket, mål 90 prosent. SP2: andel barnefamilier "
        "bosatt innen 3 måneder, telt per familie, mål 50 prosent. SP3: andel enslige mindreårige bosatt innen "
        "3 måneder, mål 50 prosent.",
    "Settlement-ready in reception centres on 31 December: persons in cases decided on or before 31 December, "
    "neither settled nor withdrawn by then, living in a reception centre. Their waiting time runs to 31 December "
    "and their age is taken on that day.":
        "Bosettingsklare i mottak 31. desember: personer i saker med vedtak senest 31. desember, verken bosatt eller "
        "trukket da, som bor i mottak. Ventetiden deres regnes til 31. desember, og alderen tas den dagen.",
    "Small numbers: to readers without access to the cases, a count of 1 to %(below)s persons is shown as "
    "“&lt;%(threshold)s”. When a total and its parts are shown together (including the shielded identities left "
    "out of the breakdown), one more cell is hidden wherever a hidden number could otherwise be worked out by "
    "subtraction. Means, medians and shares are hidden when their group has fewer than %(threshold)s persons, and "
    "shares also when fewer than %(threshold)s persons are inside or outside them.":
        "Små tall: for lesere uten tilgang til sakene vises et antall på 1 til %(below)s personer som "
        "«&lt;%(threshold)s». Når en sum og delene vises sammen (også personene med skjermet identitet som holdes "
        "utenfor fordelingen), skjules én celle til der et skjult tall ellers kunne regnes ut ved subtraksjon. "
        "Gjennomsnitt, medianer og andeler skjules når gruppen har færre enn %(threshold)s personer, og andeler også "
        "når færre enn %(threshold)s personer er innenfor eller utenfor dem.",
    "The annual report's figures: IMDi annual report 2019 (Årsrapport 2019), sections 2.2 Main figures and "
    "3.1 Settlement, Table 3-1.":
        "Årsrapportens tall: IMDis årsrapport 2019, avsnitt 2.2 Hovedtall og 3.1 Bosetting, tabell 3-1.",
    "Download the table:": "Last ned tabellen:",
    "the download is logged": "nedlastingen logges",
    "Settlement statistics %(year)s": "Bosettingsstatistikk %(year)s",
    "Download as PDF": "Last ned som PDF",
    "Figures as published: counts of fewer than %(threshold)s persons are shown as “&lt;%(threshold)s”, and so is "
    "any cell from which one could be worked out.":
        "Tall slik de publiseres: antall under %(threshold)s personer vises som «&lt;%(threshold)s», og det samme "
        "gjør enhver celle som et slikt tall kunne regnes ut fra.",
    "Show exact figures": "Vis nøyaktige tall",
    "You see exact figures because you work with the cases.": "Du ser nøyaktige tall fordi du arbeider med sakene.",
    "Show as published (small numbers hidden)": "Vis slik det publiseres (små tall skjult)",
    "Key figures against the targets": "Nøkkeltall mot målene",
    "Table 3-1": "Tabell 3-1",
    "Figures": "Figurer",
    "Definitions": "Definisjoner",
    "Made %(when)s from the settlement register.": "Laget %(when)s fra bosettingsregisteret.",
    "Choose a year up to %(year)s.": "Velg et år til og med %(year)s.",
    "Unknown export format: choose csv or xlsx.": "Ukjent eksportformat: velg csv eller xlsx.",
    "No such table.": "Tabellen finnes ikke.",
    "No such figure.": "Figuren finnes ikke.",
}
