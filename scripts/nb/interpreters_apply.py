"""Bokmål for the interpreter register's applications, review, documents and notices (interp-apply)."""

NB = {
    "Interpreter-register reviewer": "Saksbehandler for tolkeregisteret",
    "Interpreter applications": "Søknader til tolkeregisteret",
    "Review applications to the interpreter register: approve or reject each qualification.":
        "Behandle søknader til tolkeregisteret: godkjenn eller avslå hver kvalifikasjon.",
    "Notices about interpreters": "Varsler om tolker",
    "Assess complaints from public bodies; suspend an interpreter from the public list or lift it.":
        "Vurder varsler fra offentlige virksomheter; steng en tolk ute fra den offentlige listen eller opphev utestengingen.",
    "Report an interpreter": "Send varsel om en tolk",
    "Tell the directorate about a problem with an interpreter from the register.":
        "Si fra til direktoratet om et problem med en tolk fra registeret.",
    "This is your own application.": "Dette er din egen søknad.",
    "You cannot review your own application.": "Du kan ikke behandle din egen søknad.",
    "Only the interpreter who applies can take the action “%(action)s”.":
        "Bare tolken som søker, kan utføre handlingen «%(action)s».",
    "Only the directorate's reviewers of the interpreter register can take the action “%(action)s”.":
        "Bare direktoratets saksbehandlere for tolkeregisteret kan utføre handlingen «%(action)s».",
    "This is your own document.": "Dette er ditt eget dokument.",
    "Documents are shown only to the applicant and the directorate's reviewers.":
        "Dokumenter vises bare for søkeren og direktoratets saksbehandlere.",
    "Your organisation registered this notice.": "Virksomheten din registrerte dette varselet.",
    "Only the public body that registered the notice can take the action “%(action)s”.":
        "Bare virksomheten som registrerte varselet, kan utføre handlingen «%(action)s».",
    "Notices are shown only to the directorate's reviewers and the public body that registered them.":
        "Varsler vises bare for direktoratets saksbehandlere og virksomheten som registrerte dem.",
    "Your application to the national interpreter register: %(outcome)s":
        "Søknaden din til Nasjonalt tolkeregister: %(outcome)s",
    "You are listed in the public interpreter register.": "Du er oppført i det offentlige tolkeregisteret.",
    "You are not listed in the public interpreter register.": "Du er ikke oppført i det offentlige tolkeregisteret.",
    "You are not listed yet: the approved evidence does not give a category in any language.":
        "Du er ikke oppført ennå: den godkjente dokumentasjonen gir ikke kategori i noe språk.",
    "Hello %(name)s,": "Hei %(name)s,",
    "The directorate has reviewed your application. The decision: %(outcome)s.":
        "Direktoratet har behandlet søknaden din. Vedtaket: %(outcome)s.",
    "Read the reasons and, where evidence was rejected, amend and resubmit: %(url)s":
        "Les begrunnelsene og, der dokumentasjon er avslått, endre og send inn på nytt: %(url)s",
    "This message is sent automatically. Log in to see the full decision.":
        "Denne meldingen er sendt automatisk. Logg inn for å se hele vedtaket.",
    "The national interpreter register: %(outcome)s": "Nasjonalt tolkeregister: %(outcome)s",
    "The directorate has assessed a notice about an interpreting assignment on %(date)s. The outcome: %(outcome)s.":
        "Direktoratet har vurdert et varsel om et tolkeoppdrag %(date)s. Utfallet: %(outcome)s.",
    "Contact the directorate if you have questions or wish to comment.":
        "Kontakt direktoratet hvis du har spørsmål eller vil uttale deg.",
    "This message is sent automatically.": "Denne meldingen er sendt automatisk.",
    "PDF, JPEG or PNG, at most %(size)d MB.": "PDF, JPEG eller PNG, høyst %(size)d MB.",
    "National identity number (11 digits)": "Fødselsnummer (11 siffer)",
    "Password": "Passord",
    "At least 12 characters.": "Minst 12 tegn.",
    "Password again": "Passord igjen",
    "I agree that the directorate fetches my name and address from the population register, and my results from the "
    "diploma portal and the university, for this application.":
        "Jeg samtykker i at direktoratet henter navn og adresse fra Folkeregisteret og resultatene mine fra "
        "Vitnemålsportalen og universitetet, for denne søknaden.",
    "The two passwords differ.": "De to passordene er ulike.",
    "Languages you interpret": "Språk du tolker i",
    "Choose a variant (dialect) only if you interpret in it specifically. Hold Ctrl (or ⌘) to choose several.":
        "Velg en variant (dialekt) bare hvis du tolker spesielt i den. Hold Ctrl (eller ⌘) for å velge flere.",
    "I interpret by screen (video)": "Jeg tolker via skjerm (video)",
    "I interpret by phone": "Jeg tolker via telefon",
    "Publish my email address in the public register": "Publiser e-postadressen min i det offentlige registeret",
    "Publish my phone number in the public register": "Publiser telefonnummeret mitt i det offentlige registeret",
    "Publish the municipality I live in": "Publiser kommunen jeg bor i",
    "Message to the reviewer": "Melding til saksbehandleren",
    "Kind of qualification": "Type kvalifikasjon",
    "– not tied to a language (the TAO course) –": "– ikke knyttet til et språk (TAO-kurset) –",
    "Date obtained": "Dato oppnådd",
    "Valid until": "Gyldig til",
    "Only if the document has an expiry date.": "Bare hvis dokumentet har en utløpsdato.",
    "Institution": "Lærested",
    "For an education: the university or college.": "For en utdanning: universitetet eller høgskolen.",
    "Credits (studiepoeng)": "Studiepoeng",
    "For an education only.": "Bare for en utdanning.",
    "Document (diploma, certificate)": "Dokument (vitnemål, bevis)",
    "Document": "Dokument",
    "Supports": "Gjelder",
    "– the application as a whole –": "– søknaden som helhet –",
    "Note to the interpreter (shown on their page)": "Merknad til tolken (vises på tolkens side)",
    "What is it about?": "Hva gjelder det?",
    "Date of the assignment": "Dato for oppdraget",
    "What happened": "Hva skjedde",
    "Describe the assignment and what went wrong. Do not name the person you interpreted for.":
        "Beskriv oppdraget og hva som gikk galt. Ikke oppgi navnet på den det ble tolket for.",
    "The assignment date cannot be in the future.": "Oppdragsdatoen kan ikke være fram i tid.",
    "round": "runde",
    "1, and one more for each amendment.": "1, og én til for hver endring.",
    "message to the reviewer": "melding til saksbehandleren",
    "submitted": "sendt inn",
    "decided": "avgjort",
    "decided by": "avgjort av",
    "note from the reviewer": "merknad fra saksbehandleren",
    "application": "søknad",
    "applications": "søknader",
    "language applied for": "språk det søkes om",
    "languages applied for": "språk det søkes om",
    "Entered by the applicant": "Oppgitt av søkeren",
    "Fetched from an external source": "Hentet fra en ekstern kilde",
    "origin": "opphav",
    "previously rejected evidence": "tidligere avslått dokumentasjon",
    "evidence claim": "oppgitt kvalifikasjon",
    "evidence claims": "oppgitte kvalifikasjoner",
    "supports": "gjelder",
    "file name": "filnavn",
    "size": "størrelse",
    "uploaded by": "lastet opp av",
    "uploaded": "lastet opp",
    "application document": "søknadsdokument",
    "application documents": "søknadsdokumenter",
    "application event": "søknadshendelse",
    "application events": "søknadshendelser",
    "Conduct or punctuality": "Opptreden eller punktlighet",
    "Accuracy of the interpreting": "Nøyaktighet i tolkingen",
    "Impartiality or conflict of interest": "Upartiskhet eller interessekonflikt",
    "Breach of confidentiality": "Brudd på taushetsplikten",
    "topic": "tema",
    "date of the assignment": "dato for oppdraget",
    "what happened": "hva skjedde",
    "registered by": "registrert av",
    "public body": "offentlig virksomhet",
    "reason for the outcome": "begrunnelse for utfallet",
    "registered": "registrert",
    "notice": "varsel",
    "notices": "varsler",
    "notice event": "varselhendelse",
    "notice events": "varselhendelser",
    "No such application, or not one of yours.": "Søknaden finnes ikke, eller den er ikke din.",
    "No such application.": "Søknaden finnes ikke.",
    "No such document, or not one you have access to.": "Dokumentet finnes ikke, eller du har ikke tilgang til det.",
    "No such notice, or not one you have access to.": "Varselet finnes ikke, eller du har ikke tilgang til det.",
    "No such interpreter on the public list.": "Tolken finnes ikke på den offentlige listen.",
    "Diploma portal: %(programme)s, %(institution)s, %(credits)d credits, %(date)s":
        "Vitnemålsportalen: %(programme)s, %(institution)s, %(credits)d studiepoeng, %(date)s",
    "(fewer credits than claimed)": "(færre studiepoeng enn oppgitt)",
    "University: not passed (%(dates)s)": "Universitetet: ikke bestått (%(dates)s)",
    "University: passed %(date)s": "Universitetet: bestått %(date)s",
    "(the claimed date is %(date)s)": "(oppgitt dato er %(date)s)",
    "The population register does not answer just now, so we cannot fetch your name and address. Try again later.":
        "Folkeregisteret svarer ikke akkurat nå, så vi kan ikke hente navn og adresse. Prøv igjen senere.",
    "The number is not in the population register.": "Nummeret finnes ikke i Folkeregisteret.",
    "The population register lists this person as deceased.": "Folkeregisteret oppfører personen som død.",
    "An interpreter with this number is already registered; log in instead.":
        "En tolk med dette nummeret er allerede registrert; logg inn i stedet.",
    "This login already exists; log in instead.": "Denne brukeren finnes allerede; logg inn i stedet.",
    "An application that is “%(state)s” cannot be given the action “%(action)s”.":
        "En søknad som er «%(state)s», kan ikke få handlingen «%(action)s».",
    "Only the interpreter who applies can change the application.": "Bare tolken som søker, kan endre søknaden.",
    "The application is “%(state)s”; only a draft can be changed.":
        "Søknaden er «%(state)s»; bare et utkast kan endres.",
    "Only the interpreter can apply.": "Bare tolken selv kan søke.",
    "Choose at least one language you interpret.": "Velg minst ett språk du tolker i.",
    "Choose at most %(max)d languages.": "Velg høyst %(max)d språk.",
    "You have evidence for %(languages)s; keep the language or remove the evidence first.":
        "Du har dokumentasjon for %(languages)s; behold språket eller fjern dokumentasjonen først.",
    "This evidence is approved and cannot be changed.": "Denne dokumentasjonen er godkjent og kan ikke endres.",
    "Choose evidence of this application that is not yet approved.":
        "Velg dokumentasjon i denne søknaden som ikke er godkjent ennå.",
    "An application can have at most %(max)d documents; remove one first.":
        "En søknad kan ha høyst %(max)d dokumenter; fjern ett først.",
    "This document supports approved evidence and stays with the application.":
        "Dette dokumentet hører til godkjent dokumentasjon og blir værende i søknaden.",
    "Add at least one qualification (evidence) to apply for.": "Legg til minst én kvalifikasjon å søke med.",
    "Upload a document for “%(claim)s”.": "Last opp et dokument for «%(claim)s».",
    "Nothing new to review: add evidence or change a rejected one.":
        "Ingenting nytt å behandle: legg til dokumentasjon eller endre en som er avslått.",
    "The application is “%(state)s”; only a submitted application is reviewed.":
        "Søknaden er «%(state)s»; bare en innsendt søknad behandles.",
    "Unknown decision “%(decision)s”.": "Ukjent avgjørelse «%(decision)s».",
    "This evidence was not submitted.": "Denne dokumentasjonen er ikke sendt inn.",
    ("%(count)d piece of evidence still awaits a decision.", "%(count)d pieces of evidence still await a decision."):
        ("%(count)d kvalifikasjon venter fortsatt på avgjørelse.", "%(count)d kvalifikasjoner venter fortsatt på avgjørelse."),
    "Application %(id)s approved": "Søknad %(id)s godkjent",
    "You already have an open application; continue that one.": "Du har allerede en åpen søknad; fortsett med den.",
    "The application was withdrawn by the applicant.": "Søknaden ble trukket av søkeren.",
    "A notice that is “%(state)s” cannot be given the action “%(action)s”.":
        "Et varsel som er «%(state)s», kan ikke få handlingen «%(action)s».",
    "Choose what the notice is about.": "Velg hva varselet gjelder.",
    "Describe what happened.": "Beskriv hva som skjedde.",
    "At most %(max)d characters.": "Høyst %(max)d tegn.",
    "The interpreter is not in the register yet.": "Tolken er ikke i registeret ennå.",
    "The interpreter is not on the public list (“%(status)s”), so cannot be suspended from it; dismiss the notice or "
    "close it with guidance.":
        "Tolken er ikke på den offentlige listen («%(status)s») og kan derfor ikke stenges ute fra den; avvis varselet "
        "eller avslutt det med veiledning.",
    "Notice %(id)s: %(reason)s": "Varsel %(id)s: %(reason)s",
    "Population register": "Folkeregisteret",
    "Contact register": "Kontakt- og reservasjonsregisteret",
    "Diploma portal": "Vitnemålsportalen",
    "University (authorisation, test, course)": "Universitetet (autorisasjon, test, kurs)",
    "answered": "svarte",
    "nothing found": "ingen treff",
    "not available": "ikke tilgjengelig",
    "not asked (no national identity number)": "ikke spurt (mangler fødselsnummer)",
    "Log in to your application": "Logg inn til søknaden din",
    "For interpreters who apply to the national interpreter register. Your user name is your email address.":
        "For tolker som søker om oppføring i Nasjonalt tolkeregister. Brukernavnet ditt er e-postadressen din.",
    "Create a login": "Opprett bruker",
    "Create a login to apply": "Opprett bruker for å søke",
    "This installation has no ID-porten connection, so you create a login with a password. Your name and address are "
    "fetched from the population register by your national identity number.":
        "Denne installasjonen er ikke koblet til ID-porten, så du oppretter en bruker med passord. Navn og adresse "
        "hentes fra Folkeregisteret med fødselsnummeret ditt.",
    "Create the login": "Opprett brukeren",
    "Apply to the national interpreter register": "Søk om oppføring i Nasjonalt tolkeregister",
    "Public bodies use the register to find qualified interpreters. To be listed, you apply with your qualifications: "
    "state authorisation, interpreting education, the bilingual test and the course in the interpreter's role and "
    "ethics (TAO). The directorate reviews each one; your category in each language follows from what is approved.":
        "Offentlige virksomheter bruker registeret til å finne kvalifiserte tolker. For å bli oppført søker du med "
        "kvalifikasjonene dine: statsautorisasjon, tolkeutdanning, Tospråktesten og kurs i tolkens ansvarsområde "
        "(TAO). Direktoratet vurderer hver av dem; kategorien din i hvert språk følger av det som godkjennes.",
    "What we fetch for you": "Dette henter vi for deg",
    "Your name and address from the population register.": "Navn og adresse fra Folkeregisteret.",
    "Your phone number from the contact register.": "Telefonnummer fra Kontakt- og reservasjonsregisteret.",
    "Educations from the diploma portal, and test, course and authorisation results from the university.":
        "Utdanninger fra Vitnemålsportalen, og test-, kurs- og autorisasjonsresultater fra universitetet.",
    "You decide what is published about you: your name is public when you are listed; your email, phone and "
    "municipality only if you choose so.":
        "Du bestemmer hva som publiseres om deg: navnet ditt er offentlig når du er oppført; e-post, telefon og kommune "
        "bare hvis du velger det.",
    "Log in with %(oidc_provider_name)s to apply": "Logg inn med %(oidc_provider_name)s for å søke",
    "I already have a login": "Jeg har allerede en bruker",
    "Applying is not open in this installation yet.": "Det er ikke åpnet for søknader i denne installasjonen ennå.",
    "Your application": "Søknaden din",
    "The public register": "Det offentlige registeret",
    "Change a qualification": "Endre en kvalifikasjon",
    "Add a qualification": "Legg til en kvalifikasjon",
    "Rejected:": "Avslått:",
    "Authorisation, the bilingual test and an education are for one language; the TAO course is for all your "
    "languages.":
        "Autorisasjon, Tospråktesten og en utdanning gjelder ett språk; TAO-kurset gjelder alle språkene dine.",
    "Your details and languages": "Opplysninger og språk",
    "Name from the population register: %(name)s. If it is wrong, contact the population register (Skatteetaten).":
        "Navn fra Folkeregisteret: %(name)s. Er det feil, kontakt Folkeregisteret (Skatteetaten).",
    "Upload a document": "Last opp et dokument",
    "Upload": "Last opp",
    "You have not started an application yet. Start one to tell us which languages you interpret in and which "
    "qualifications you have.":
        "Du har ikke startet en søknad ennå. Start en for å fortelle hvilke språk du tolker i og hvilke kvalifikasjoner "
        "du har.",
    "Start the application": "Start søknaden",
    "Your application to the national interpreter register": "Søknaden din til Nasjonalt tolkeregister",
    "Your application is being reviewed. You get an email when it is decided.":
        "Søknaden din behandles. Du får en e-post når den er avgjort.",
    "Some of your qualifications were rejected. The reasons are in the table below. You can amend the application "
    "and submit it again.":
        "Noen av kvalifikasjonene dine ble avslått. Begrunnelsene står i tabellen nedenfor. Du kan endre søknaden og "
        "sende den inn på nytt.",
    "Your application is approved and you are listed in the public register.":
        "Søknaden din er godkjent, og du er oppført i det offentlige registeret.",
    "Your application is approved.": "Søknaden din er godkjent.",
    "Note from the reviewer:": "Merknad fra saksbehandleren:",
    "Your details": "Opplysningene dine",
    "Change details and languages": "Endre opplysninger og språk",
    "from the population register": "fra Folkeregisteret",
    "published": "publisert",
    "no": "nei",
    "Your qualifications": "Kvalifikasjonene dine",
    "Fetch from the diploma portal and the university": "Hent fra Vitnemålsportalen og universitetet",
    "The qualifications you apply with, and the decision on each": "Kvalifikasjonene du søker med, og avgjørelsen for hver",
    "Obtained": "Oppnådd",
    "Documents": "Dokumenter",
    "Decision": "Avgjørelse",
    "from the source": "fra kilden",
    "%(credits)s credits": "%(credits)s studiepoeng",
    "Not submitted": "Ikke sendt inn",
    "No qualifications yet.": "Ingen kvalifikasjoner ennå.",
    "Documents are kept outside the public web site and shown only to you and the directorate's reviewers.":
        "Dokumentene lagres utenfor det offentlige nettstedet og vises bare for deg og direktoratets saksbehandlere.",
    "No documents yet.": "Ingen dokumenter ennå.",
    "What you can do now": "Dette kan du gjøre nå",
    "When your languages, qualifications and documents are in place, send the application to the directorate.":
        "Når språk, kvalifikasjoner og dokumenter er på plass, sender du søknaden til direktoratet.",
    "Submit the application": "Send inn søknaden",
    "Change the rejected qualifications, add documents, and submit again. Approved qualifications stay approved.":
        "Endre de avslåtte kvalifikasjonene, legg til dokumenter og send inn på nytt. Godkjente kvalifikasjoner forblir "
        "godkjent.",
    "Amend and resubmit": "Endre og send inn på nytt",
    "Withdraw the application": "Trekk søknaden",
    "New qualifications or another language? Start a new application.":
        "Nye kvalifikasjoner eller et nytt språk? Start en ny søknad.",
    "Start a new application": "Start en ny søknad",
    "Every step of the application": "Hvert steg i søknaden",
    "Earlier applications:": "Tidligere søknader:",
    "Results held about you": "Resultater som er registrert om deg",
    "The diploma portal and the university know of these educations and results that your application does not "
    "include yet. Add one and it needs no document: the reviewer sees it confirmed by the source.":
        "Vitnemålsportalen og universitetet kjenner til disse utdanningene og resultatene som søknaden din ikke har "
        "med ennå. Legg til et av dem, så trengs ikke noe dokument: saksbehandleren ser det bekreftet av kilden.",
    "Educations and results not yet in your application": "Utdanninger og resultater som ikke er med i søknaden ennå",
    "Date": "Dato",
    "Add to the application": "Legg til i søknaden",
    "Nothing more to add from the sources.": "Ikke noe mer å legge til fra kildene.",
    "Back to your application": "Tilbake til søknaden din",
    "Notice about an interpreter": "Varsel om en tolk",
    "Back to the notices": "Tilbake til varslene",
    "Notice about %(name)s": "Varsel om %(name)s",
    "Topic": "Tema",
    "Public body": "Offentlig virksomhet",
    "Interpreter's status": "Tolkens status",
    "Reason for the outcome": "Begrunnelse for utfallet",
    "Every step of the notice": "Hvert steg i varselet",
    "Tell the directorate about a serious problem with an interpreter from the register: conduct, accuracy, "
    "impartiality or confidentiality. The directorate assesses every notice and may suspend the interpreter from the "
    "public list.":
        "Si fra til direktoratet om et alvorlig problem med en tolk fra registeret: opptreden, nøyaktighet, "
        "upartiskhet eller taushetsplikt. Direktoratet vurderer hvert varsel og kan stenge tolken ute fra den "
        "offentlige listen.",
    "The interpreter's name": "Tolkens navn",
    "Interpreters found": "Tolker som ble funnet",
    "Report this interpreter": "Send varsel om denne tolken",
    "No interpreter on the public list has that name.": "Ingen tolk på den offentlige listen har det navnet.",
    "Notices already registered": "Varsler som allerede er registrert",
    "Report %(name)s": "Send varsel om %(name)s",
    "Your organisation's notices about interpreters": "Virksomhetens varsler om tolker",
    ("%(count)s notice", "%(count)s notices"): ("%(count)s varsel", "%(count)s varsler"),
    "Interpreter": "Tolk",
    "No notices here.": "Ingen varsler her.",
    ("%(count)s application", "%(count)s applications"): ("%(count)s søknad", "%(count)s søknader"),
    "Round": "Runde",
    "Submitted": "Sendt inn",
    "Qualifications": "Kvalifikasjoner",
    "Awaiting decision": "Venter på avgjørelse",
    "No applications here.": "Ingen søknader her.",
    "Application from %(name)s": "Søknad fra %(name)s",
    "Back to the applications": "Tilbake til søknadene",
    "Status in the register": "Status i registeret",
    "Message from the applicant": "Melding fra søkeren",
    "From the registers": "Fra registrene",
    "The application beside what the registers say": "Søknaden sammenholdt med det registrene sier",
    "In the application": "I søknaden",
    "Population and contact register": "Folkeregisteret og kontaktregisteret",
    "Address": "Adresse",
    "Protected address": "Adressebeskyttelse",
    "Approved %(approved)s, rejected %(rejected)s, awaiting a decision %(pending)s.":
        "Godkjent %(approved)s, avslått %(rejected)s, venter på avgjørelse %(pending)s.",
    "Credits": "Studiepoeng",
    "Origin": "Opphav",
    "The sources say": "Kildene sier",
    "Nothing about this.": "Ingenting om dette.",
    "Rejected before": "Avslått tidligere",
    "Approve": "Godkjenn",
    "Reject (give the reason)": "Avslå (oppgi begrunnelse)",
    "Undo the decision": "Angre avgjørelsen",
    "Other documents": "Andre dokumenter",
    "Conclude the review": "Avslutt behandlingen",
    "The outcome follows from your decisions: all approved, partly approved, or rejected. Approval lists the "
    "interpreter if a category results. The interpreter is told by email.":
        "Utfallet følger av avgjørelsene dine: alt godkjent, delvis godkjent eller avslått. Godkjenning fører tolken "
        "opp i registeret hvis det gir en kategori. Tolken får beskjed på e-post.",
    "Conclude and notify the interpreter": "Avslutt og varsle tolken",
    "Decide every qualification first.": "Avgjør hver kvalifikasjon først.",
    "Applications to the national interpreter register, oldest submission first. Approve or reject each "
    "qualification; the category follows from what is approved.":
        "Søknader til Nasjonalt tolkeregister, eldste innsending først. Godkjenn eller avslå hver kvalifikasjon; "
        "kategorien følger av det som godkjennes.",
    "The image is damaged or not a real %(format)s file.": "Bildet er skadet eller ikke en ekte %(format)s-fil.",
    "The PDF file is incomplete or damaged.": "PDF-filen er ufullstendig eller skadet.",
    "The PDF file contains scripts, attachments or actions; save or print it as a plain PDF and try again.":
        "PDF-filen inneholder skript, vedlegg eller handlinger; lagre eller skriv den ut som vanlig PDF og prøv igjen.",
    "The file is %(size)s; the limit is %(limit)s.": "Filen er %(size)s; grensen er %(limit)s.",
    "The file is larger than the limit of %(limit)s.": "Filen er større enn grensen på %(limit)s.",
    "The file is empty.": "Filen er tom.",
    "The file is not a PDF, JPEG or PNG (by its content); accepted types: %(types)s.":
        "Filen er ikke PDF, JPEG eller PNG (ut fra innholdet); godtatte typer: %(types)s.",
    "The file's name has no extension; its content is %(type)s, so name it “.%(extension)s”.":
        "Filnavnet mangler filendelse; innholdet er %(type)s, så gi den endelsen «.%(extension)s».",
    "The file's name ends in “.%(extension)s” but its content is %(type)s; rename or convert the file.":
        "Filnavnet slutter på «.%(extension)s», men innholdet er %(type)s; gi filen nytt navn eller konverter den.",
    "Login with ID-porten is not configured here.": "Innlogging med ID-porten er ikke satt opp her.",
    "Create your login through ID-porten.": "Opprett brukeren din gjennom ID-porten.",
    "Your login is created. Your name and address come from the population register.":
        "Brukeren din er opprettet. Navn og adresse er hentet fra Folkeregisteret.",
    "You have no application being drafted.": "Du har ingen søknad under utfylling.",
    "Your details are saved.": "Opplysningene dine er lagret.",
    "Upload the diploma or certificate.": "Last opp vitnemålet eller beviset.",
    "The qualification is added.": "Kvalifikasjonen er lagt til.",
    "The qualification is changed.": "Kvalifikasjonen er endret.",
    "The qualification is removed.": "Kvalifikasjonen er fjernet.",
    "The document is uploaded.": "Dokumentet er lastet opp.",
    "The document is removed.": "Dokumentet er fjernet.",
    "That result is no longer available from the source.": "Det resultatet er ikke lenger tilgjengelig fra kilden.",
    "The qualification is added from the source; no document is needed.":
        "Kvalifikasjonen er lagt til fra kilden; det trengs ikke noe dokument.",
    "%(programme)s, %(institution)s, %(credits)d credits": "%(programme)s, %(institution)s, %(credits)d studiepoeng",
    "You have no application.": "Du har ingen søknad.",
    "Your application is submitted. You get an email when it is decided.":
        "Søknaden din er sendt inn. Du får en e-post når den er avgjort.",
    "You can now change the rejected qualifications and submit again.":
        "Du kan nå endre de avslåtte kvalifikasjonene og sende inn på nytt.",
    "Your application is withdrawn.": "Søknaden din er trukket.",
    "Suspensions in force": "Utestenginger som gjelder",
    "The notice is registered. The directorate will assess it.": "Varselet er registrert. Direktoratet vil vurdere det.",
    "Drafts": "Utkast",
    "The decision on “%(claim)s” is saved.": "Avgjørelsen for «%(claim)s» er lagret.",
    "The application is %(state)s; the interpreter is told by email.":
        "Søknaden er %(state)s; tolken får beskjed på e-post.",
    "Draft": "Utkast",
    "Submitted for review": "Sendt til behandling",
    "Partly approved": "Delvis godkjent",
    "Approve the application": "Godkjenn søknaden",
    "Approve the application in part": "Godkjenn søknaden delvis",
    "Reject the application": "Avslå søknaden",
    "Reject": "Avslå",
    "Under assessment": "Til vurdering",
    "Dismissed": "Avvist",
    "Closed with guidance to the interpreter": "Avsluttet med veiledning til tolken",
    "Interpreter suspended from the public list": "Tolken er utestengt fra den offentlige listen",
    "Suspension lifted": "Utestengingen er opphevet",
    "Withdrawn by the public body": "Trukket av virksomheten",
    "Start the assessment": "Start vurderingen",
    "Dismiss": "Avvis",
    "Close with guidance": "Avslutt med veiledning",
    "Suspend from the public list": "Steng ute fra den offentlige listen",
    "Lift the suspension": "Opphev utestengingen",
    "Withdraw the notice": "Trekk varselet",
    "Interpreter (applicant)": "Tolk (søker)",
    "The document's file is missing; the error is logged.": "Filen til dokumentet mangler; feilen er logget.",
    "Category per language": "Kategori per språk",
    "Now": "Nå",
    "If the qualifications not rejected are approved": "Hvis kvalifikasjonene som ikke er avslått, godkjennes",
    "No category: add qualifications": "Ingen kategori: legg til kvalifikasjoner",
    "Application": "Søknad",
    "Tick the box to confirm that you want to leave the register.":
        "Kryss av i boksen for å bekrefte at du vil gå ut av registeret.",
    "Withdrawn by the interpreter": "Trukket av tolken",
    "You are no longer listed in the register.": "Du er ikke lenger oppført i registeret.",
    "Change contact details and what is published": "Endre kontaktopplysninger og hva som publiseres",
    "You can take yourself off the register at any time. Your qualifications stay on record.":
        "Du kan når som helst gå ut av registeret. Kvalifikasjonene dine blir stående registrert.",
    "I want to leave the national interpreter register": "Jeg vil gå ut av Nasjonalt tolkeregister",
    "Leave the register": "Gå ut av registeret",
    "Your contact details and what is published": "Kontaktopplysninger og hva som publiseres",
    "Changes to what is published show in the public register at once. To add a language or a qualification, start a "
    "new application.":
        "Endringer i hva som publiseres, vises i det offentlige registeret med en gang. For å legge til et språk eller en "
        "kvalifikasjon starter du en ny søknad.",
    "The directorate is assessing a notice from a public body about an interpreting assignment on %(date)s. You may "
    "read it and comment before the directorate decides: %(url)s":
        "Direktoratet vurderer et varsel fra en offentlig virksomhet om et tolkeoppdrag %(date)s. Du kan lese det og "
        "uttale deg før direktoratet avgjør saken: %(url)s",
    "Your comment": "Din uttalelse",
    "Tell the directorate your side of what happened.": "Fortell direktoratet din side av det som skjedde.",
    "the interpreter's comment": "tolkens uttalelse",
    "commented": "uttalt",
    "Write your comment.": "Skriv uttalelsen din.",
    "Only the interpreter the notice is about can comment on it.": "Bare tolken varselet gjelder, kan uttale seg om det.",
    "The notice is “%(state)s”; comments are taken while it is under assessment.":
        "Varselet er «%(state)s»; uttalelser tas imot mens det er til vurdering.",
    "Notices about you": "Varsler om deg",
    "Notices from public bodies the directorate has taken up": "Varsler fra offentlige virksomheter som direktoratet behandler",
    "You may comment": "Du kan uttale deg",
    "Notice about you": "Varsel om deg",
    "The directorate is assessing the notice. You have the right to comment before it decides.":
        "Direktoratet vurderer varselet. Du har rett til å uttale deg før det avgjør saken.",
    "The interpreter's comment": "Tolkens uttalelse",
    "Comment from the interpreter": "Uttalelse fra tolken",
    "Your comment is saved; the directorate reads it before deciding.":
        "Uttalelsen din er lagret; direktoratet leser den før det avgjør saken.",
    "Waiting": "Ventetid",
}
