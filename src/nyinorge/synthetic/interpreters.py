"""A synthetic national interpreter register calibrated to the 2019 annual report (seed 3.3).

From the report: 2,081 interpreters in 69 languages at 31 December 2019, 56 % of them with state authorisation
and/or interpreting education. Assumed here (the report gives no finer split; figure 3.3.2 shows education
growing and authorisation rare, "301 interpreters since 1995"): authorisation for about 14 % (8 % with education
too), education for 48 % (3 in 100 of them a bachelor's degree), the rest the bilingual test and the TAO course.
Most interpreters work in one language, some in two or three. Languages are weighted by demand (Arabic by far the
most requested), every one of the 69 has at least one interpreter. Names are in Latin script: the curated lists
for the refugee countries, Faker's Latin-script locales for European languages, Norwegian names otherwise.
"""

import datetime
import random
import unicodedata
from dataclasses import dataclass

from faker import Faker

from nyinorge.core.models import Municipality
from nyinorge.interpreters.categories import BACHELOR_CREDITS, BASIC_COURSE_CREDITS, EvidenceKind
from nyinorge.interpreters.languages import LANGUAGES, VARIANTS
from nyinorge.interpreters.models import Evidence, Interpreter
from nyinorge.interpreters.services.bulk import InterpreterRecord
from nyinorge.synthetic.names import name_list

REPORT_INTERPRETERS_2019 = 2081
REPORT_LANGUAGES_2019 = 69
REPORT_SHARE_AUTHORISATION_OR_EDUCATION = 0.56

# Highest qualification per interpreter (shares sum to 1; the first three give the report's 56 %).
QUALIFICATION_SHARES = {
    "authorisation_and_education": 0.08,
    "authorisation": 0.06,
    "education": 0.42,
    "test_and_course": 0.44,
}
BACHELOR_SHARE = 0.03  # of those with education
LANGUAGE_COUNT_SHARES = {1: 0.75, 2: 0.22, 3: 0.03}
# Where interpreters live: the cities with the test centres (seed 3.3) and the largest municipalities, the rest anywhere.
CITY_SHARES = {"0301": 0.38, "4601": 0.09, "5001": 0.07, "1103": 0.06, "4204": 0.03, "5401": 0.02, "1804": 0.02,
               "3005": 0.03, "3024": 0.03, "3030": 0.03, "1108": 0.02, "3004": 0.02}
PUBLISH = {"municipality": 0.8, "email": 0.6, "phone": 0.7}
REMOTE = {"screen": 0.45, "phone": 0.6}

# Which name list (curated country) or Faker locale (Latin script) a language's interpreters are named from.
CURATED = {"ar": "SY", "ti": "ER", "so": "SO", "prs": "AF", "ps": "AF", "fa": "IR", "ckb": "IQ", "kmr": "IQ",
           "am": "ER", "om": "SO"}
FAKER_LOCALES = {"pl": "pl_PL", "lt": "lt_LT", "tr": "tr_TR", "es": "es_ES", "fr": "fr_FR", "de": "de_DE",
                 "pt": "pt_PT", "ro": "ro_RO", "it": "it_IT", "hu": "hu_HU", "cs": "cs_CZ", "sk": "sk_SK", "lv": "lv_LV",
                 "et": "et_EE", "fi": "fi_FI", "nl": "nl_NL", "hbs": "hr_HR", "vi": "vi_VN", "en": "en_GB",
                 "tl": "fil_PH", "sq": "en_GB"}
DEFAULT_LOCALE = "no_NO"


def register_languages(count: int = REPORT_LANGUAGES_2019) -> list[str]:
    """The register's languages, most requested first (the first `count` of the catalogue)."""
    return list(LANGUAGES)[:count]


@dataclass(frozen=True)
class RegisterPlan:
    interpreters: int
    languages: list[str]


def register_plan(*, scale: float = 1.0) -> RegisterPlan:
    """How many interpreters and which languages, for a scale of the 2019 register."""
    interpreters = max(1, round(REPORT_INTERPRETERS_2019 * scale))
    return RegisterPlan(interpreters=interpreters, languages=register_languages(min(REPORT_LANGUAGES_2019, interpreters)))


class _Names:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"{seed}-interpreter-names")
        self.fakers: dict[str, Faker] = {}

    def _faker(self, locale: str) -> Faker:
        if locale not in self.fakers:
            self.fakers[locale] = Faker(locale)
            self.fakers[locale].seed_instance(self.rng.randrange(1 << 30))
        return self.fakers[locale]

    def name(self, language: str) -> tuple[str, str]:
        female = self.rng.random() < 0.55
        if language in CURATED:
            names = name_list(CURATED[language])
            return self.rng.choice(names["female" if female else "male"]), self.rng.choice(names["family"])
        faker = self._faker(FAKER_LOCALES.get(language, DEFAULT_LOCALE))
        return (faker.first_name_female() if female else faker.first_name_male()), faker.last_name()


def _ascii(text: str) -> str:
    """A name as ASCII letters and digits for an email address: accents dropped (Ø → o), the rest removed."""
    folded = unicodedata.normalize("NFKD", text.lower().replace("ø", "o").replace("æ", "ae").replace("ı", "i"))
    return "".join(c for c in folded if c.isascii() and c.isalnum())


def _weights(languages: list[str]) -> list[float]:
    # Demand falls off roughly as 1/rank (80 % of assignments are in ten languages, seed 3.3).
    return [1 / (rank + 1) ** 1.1 for rank in range(len(languages))]


def _date(rng: random.Random, first_year: int, last: datetime.date) -> datetime.date:
    start = datetime.date(first_year, 1, 1)
    return start + datetime.timedelta(days=rng.randrange(max(1, (last - start).days)))


def register_records(*, seed: int = 1, scale: float = 1.0, on: datetime.date = datetime.date(2019, 12, 31),
                     count: int | None = None, languages_per_interpreter: dict[int, float] | None = None,
                     ) -> list[InterpreterRecord]:
    """Unsaved interpreters with their evidence, deterministic for a seed."""
    plan = register_plan(scale=scale)
    total = count if count is not None else plan.interpreters
    languages = plan.languages
    rng = random.Random(f"{seed}-interpreters")
    names = _Names(seed)
    municipalities = {m.number: m for m in Municipality.objects.all()}
    cities = [number for number in CITY_SHARES if number in municipalities]
    others = [number for number in municipalities if number not in CITY_SHARES]
    city_weights = [CITY_SHARES[number] for number in cities]
    rest_share = 1 - sum(city_weights)
    weights = _weights(languages)
    counts = languages_per_interpreter or LANGUAGE_COUNT_SHARES
    kinds = list(QUALIFICATION_SHARES)
    records = []
    for index in range(total):
        # The first interpreters cover every language once, so none of the register's languages is empty.
        primary = languages[index] if index < len(languages) else rng.choices(languages, weights)[0]
        wanted = rng.choices(list(counts), list(counts.values()))[0]
        chosen = [primary]
        while len(chosen) < min(wanted, len(languages)):
            extra = rng.choices(languages, weights)[0]
            if extra not in chosen:
                chosen.append(extra)
        given, family = names.name(primary)
        number = (rng.choices(cities, city_weights)[0] if rng.random() > rest_share or not others
                  else rng.choice(others))
        municipality = municipalities.get(number)
        slug = ".".join(part for part in (_ascii(given), _ascii(family)) if part) or "tolk"
        interpreter = Interpreter(
            given_name=given, family_name=family, municipality=municipality,
            email=f"{slug}.{index}@tolk.example.no", phone=f"+47 4{rng.randrange(10**7):07d}",
            remote_screen=rng.random() < REMOTE["screen"], remote_phone=rng.random() < REMOTE["phone"],
            publish_municipality=municipality is not None and rng.random() < PUBLISH["municipality"],
            publish_email=rng.random() < PUBLISH["email"], publish_phone=rng.random() < PUBLISH["phone"],
        )
        evidence = []
        qualification = rng.choices(kinds, [QUALIFICATION_SHARES[k] for k in kinds])[0]

        def add(kind: str, language: str = "", **fields) -> None:
            evidence.append(Evidence(kind=kind, language=language, obtained_on=_date(rng, 2000, on), **fields))

        variant = ""
        if primary in VARIANTS and rng.random() < 0.3:
            variant = rng.choice(list(VARIANTS[primary]))
        if "authorisation" in qualification:
            add(EvidenceKind.AUTHORISATION, primary, institution="OsloMet")
        if "education" in qualification:
            credits = BACHELOR_CREDITS if rng.random() < BACHELOR_SHARE else BASIC_COURSE_CREDITS
            add(EvidenceKind.EDUCATION, primary, credits=credits, institution=rng.choice(
                ["OsloMet", "OsloMet", "Høgskulen på Vestlandet", "Universitetet i Oslo"]))
        if qualification == "test_and_course":
            add(EvidenceKind.BILINGUAL_TEST, primary, institution="OsloMet")
        add(EvidenceKind.ETHICS_COURSE, institution="OsloMet")
        for language in chosen[1:]:
            # Further languages: the bilingual test (with the course: the lowest category), now and then education.
            if qualification != "test_and_course" and rng.random() < 0.15:
                add(EvidenceKind.EDUCATION, language, institution="OsloMet", credits=BASIC_COURSE_CREDITS)
            else:
                add(EvidenceKind.BILINGUAL_TEST, language, institution="OsloMet")
        for item in evidence:
            if variant and item.language == primary:
                item.variant = variant
        records.append(InterpreterRecord(interpreter=interpreter, evidence=evidence))
    return records


def register_synth(*, seed: int = 1, scale: float = 1.0) -> int | None:
    """Load the synthetic register through the bulk service; None (and nothing written) if it is already there."""
    from nyinorge.interpreters.services.bulk import interpreters_create_bulk

    # Other entries (a demo applicant, say) do not count: only a register loaded before stops a second one.
    if Evidence.objects.filter(source=Evidence.Source.SYNTHETIC).exists():
        return None
    records = register_records(seed=seed, scale=scale)
    return len(interpreters_create_bulk(actor=None, records=records, source=Evidence.Source.SYNTHETIC))
