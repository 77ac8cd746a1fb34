"""A synthetic person registry with duplicates at a known rate, for training and measuring the de-duplication engine.

Pure Python (no Django): `generate(persons=..., seed=...)` returns the records and the truth (one cluster id per
record: records with the same id are the same person). Same seed, same data.

**Persons.** Households (a head, a spouse for 60 %, 0-5 children) from the origins of the refugees settled in
Norway (Syria, Ukraine, Eritrea, Afghanistan, Somalia, DR Congo, Iraq, Sudan, Iran, Turkey; shares below). Given
names come from the curated lists of `nyinorge.synthetic.names` (Latin transliterations as the population register
writes them) or, for DR Congo, Turkey and Ukraine, from Faker (Ukrainian names drawn in Cyrillic and written with
the national KMU 2010 romanisation, the original kept for the script variants). Family names follow each origin's
system: patronymic for Eritrea, Somalia and Afghanistan (the father's given name, for Somalia with the
grandfather's: "Ahmed Ali"), for the Arab origins a family name (half of them the curated "Al-..." names, half
the father's or grandfather's name); a third of Arab persons carry their father's name as a middle given name.
Children take the name their father's naming system gives them. Birth dates: 35 % on 1 January and 8 % on 1 July
(45 % / 10 % for Eritrea, Somalia, Afghanistan), the rest uniform in the year. Households share a reception centre
(one of 120) and an arrival date (2015-2025). Every person gets a valid DUF number (the arrival year then eight
digits) with probability 0.85, and a valid fødselsnummer or D number (python-stdnum check digits, the birth date
inside) with probability 0.35; citizenship is missing for 5 %, sex for 2 %.

**Duplicates (the known rate).** `duplicate_rate` (default 4 %) of persons get extra records: one extra for
three quarters of them, two for the rest; 40 % of the time a whole household is registered again (family
reunification, a second door), otherwise one person. Each extra record starts as a copy and gets, independently:
- a transliteration variant of each name token with probability 0.5, made by rules (not a fixed list): doubling
  or undoubling consonants, o/u, e/a, e/i, ee/i, ou/u, y/i, -a/-ah, -e/-eh, -ay/-aye/-ai, al- added or dropped,
  "Abdul X"/"Abdulx"/"Abdelx"/"Abdix", Mohammed's spellings, Somali orthography (c for ʿayn, x for ḥ, doubled
  long vowels), Persian e/o for i/u, Dari -ullah/-ollah, -zai/-zay;
- the name in the original script (Arabic script for Syria, Iraq, Sudan, Afghanistan, Iran; Ethiopic for Eritrea;
  Cyrillic for Ukraine) with probability 0.06;
- given and family names swapped with probability 0.08; a middle name dropped or a family name cut to its first
  token with probability 0.06;
- one typing error (substitution, deletion, insertion or transposition) in one token with probability 0.1;
- the birth date replaced by 1 January (or 1 July) of its year with probability 0.2, by 1 January of the year
  before or after with probability 0.03, a digit typo or day/month swap with probability 0.03;
- the DUF number missing with probability 0.4 (a selection mission); a different DUF number (a second case)
  with probability 0.02; a national id only on this record (obtained later) with probability 0.25, the other
  record keeping only its DUF number;
- citizenship missing with probability 0.15 (stateless, XX, with 0.02), sex with 0.03, another reception centre with probability 0.5 and an
  arrival date 0-400 days later with probability 0.5; no relatives recorded with probability 0.3.
**Hard negatives.** Twins in 3 % of households with two or more children (same family name, parents,
birth date, centre and arrival; other given name); deliberate namesakes for 1 % of persons (another household's
person with the same given and family name born the same year, half of them on the same 1 January); and all the
namesakes that the name pools produce by themselves (common names are common).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field, replace

from stdnum.no import fodselsnummer

from nyinorge.core.dedup.records import PersonRecord

ORIGINS: dict[str, float] = {
    "SY": 0.30, "UA": 0.20, "ER": 0.12, "AF": 0.09, "SO": 0.06, "CD": 0.07, "IQ": 0.05, "SD": 0.04, "IR": 0.04,
    "TR": 0.03,
}
ARAB = frozenset({"SY", "IQ", "SD"})
PATRONYMIC = frozenset({"ER", "SO", "AF"})
FAKER_LOCALES = {"CD": "fr_FR", "TR": "tr_TR", "UA": "uk_UA"}
ARABIC_SCRIPT = frozenset({"SY", "IQ", "SD", "AF", "IR"})
CENTRES = tuple(str(900 + i) for i in range(120))


@dataclass
class SyntheticRegistry:
    """The generated records and their truth: `truth[i]` is the person (cluster) of `records[i]`."""

    records: list[PersonRecord]
    truth: list[int]
    persons: int
    stats: dict[str, int] = field(default_factory=dict)

    def true_pairs(self) -> set[tuple[str, str]]:
        """Every pair of record ids of the same person (smaller id first)."""
        by_person: dict[int, list[str]] = {}
        for record, person in zip(self.records, self.truth, strict=True):
            by_person.setdefault(person, []).append(record.id)
        pairs = set()
        for ids in by_person.values():
            for i in range(len(ids)):
                for j in range(i + 1, len(ids)):
                    pairs.add(ordered(ids[i], ids[j]))
        return pairs


def ordered(a: str, b: str) -> tuple[str, str]:
    """A pair of record ids in a fixed order (numeric when both are numbers)."""
    if a.isdigit() and b.isdigit():
        return (a, b) if int(a) < int(b) else (b, a)
    return (a, b) if a < b else (b, a)


# --- name pools ------------------------------------------------------------------------------------------------


class _Pools:
    def __init__(self, seed: int) -> None:
        from nyinorge.synthetic.names import name_list

        self.pools: dict[str, dict[str, tuple[str, ...]]] = {}
        self.cyrillic: dict[str, str] = {}  # Latin form → Cyrillic original (Ukraine)
        for country in ORIGINS:
            if country in FAKER_LOCALES:
                self.pools[country] = self._faker_pool(country, seed)
            else:
                self.pools[country] = name_list(country.lower())

    def _faker_pool(self, country: str, seed: int) -> dict[str, tuple[str, ...]]:
        from faker import Faker

        from nyinorge.core.dedup.normalise import to_latin

        faker = Faker(FAKER_LOCALES[country])
        faker.seed_instance(seed)
        pool: dict[str, list[str]] = {"female": [], "male": [], "family": []}
        for _ in range(600):
            pool["female"].append(faker.first_name_female())
            pool["male"].append(faker.first_name_male())
            pool["family"].append(faker.last_name())
        if country == "UA":
            for kind, names in pool.items():
                latin = []
                for name in names:
                    romanised = to_latin(name)
                    romanised = romanised[:1].upper() + romanised[1:]
                    self.cyrillic[romanised] = name
                    latin.append(romanised)
                pool[kind] = latin
        return {kind: tuple(dict.fromkeys(names)) for kind, names in pool.items()}


# --- transliteration variants ----------------------------------------------------------------------------------

_MOHAMMED_FORMS = ("Mohammed", "Muhammad", "Mohamed", "Mohammad", "Mohamad", "Muhammed", "Mohd", "Maxamed",
                   "Mahamed", "Mouhamed")
_VOWEL_SWAPS = (("o", "u"), ("u", "o"), ("e", "a"), ("a", "e"), ("i", "e"), ("e", "i"), ("ee", "i"), ("i", "ee"),
                ("ou", "u"), ("u", "ou"), ("oo", "u"), ("y", "i"), ("i", "y"), ("ai", "ay"), ("ay", "ai"),
                ("ei", "ey"), ("ey", "ei"))


def _case_like(template: str, text: str) -> str:
    return text[:1].upper() + text[1:] if template[:1].isupper() else text


def _is_mohammed(name: str) -> bool:
    lower = name.lower()
    return lower.startswith(("moh", "muh", "mah", "max", "mou")) and lower.endswith(("med", "mad", "mmed", "mmad",
                                                                                    "hd"))


def variant(name: str, country: str, rng: random.Random) -> str:
    """Another plausible romanisation of one name token, by the rules the module docstring lists."""
    if _is_mohammed(name):
        return rng.choice(_MOHAMMED_FORMS if country == "SO" else _MOHAMMED_FORMS[:8])
    lower = name.lower()
    rule = rng.random()
    if country == "SO" and rule < 0.5:
        out = lower
        if out[0] in "aeiou" and rng.random() < 0.7:
            out = "c" + out  # ʿayn written c
        out = out.replace("h", "x", 1) if "h" in out[1:] and rng.random() < 0.6 else out
        for vowel in "aiu":
            if vowel in out and rng.random() < 0.4:
                index = out.index(vowel)
                out = out[:index] + vowel + out[index:]
        return _case_like(name, out)
    if lower.startswith("abd") and len(lower) > 5:
        rest = lower[3:].lstrip("aeiou").lstrip("l") or lower[3:]
        form = rng.choice(("Abdul {}", "Abdel{}", "Abdi{}", "Abd al-{}", "Abdul{}", "Abdu{}", "Abdel {}"))
        return form.format(rest if " " not in form and not form.endswith("-{}") else rest.capitalize())
    if lower.startswith(("al-", "el-")) and rng.random() < 0.5:
        return rng.choice((name[3:], "El-" + name[3:], "Al " + name[3:], "Al" + name[3:].lower()))
    if country in ARAB and rng.random() < 0.1 and " " not in name:
        return "Al-" + name
    if country in ("AF", "IR") and rng.random() < 0.4:
        for old, new in (("ullah", "ollah"), ("ollah", "ullah"), ("zai", "zay"), ("zay", "zai"), ("i", "e"),
                         ("u", "o"), ("ah", "eh"), ("eh", "ah")):
            if old in lower:
                return _case_like(name, lower.replace(old, new, 1))
    if country == "ER" and rng.random() < 0.5:
        for old, new in (("ay", "aye"), ("aye", "ay"), ("ai", "ay"), ("ay", "ai"), ("e", "i"), ("i", "e"),
                         ("ts", "tz"), ("y", "i")):
            if old in lower[1:]:
                index = lower.rindex(old) if old in ("e", "i") else lower.index(old, 1)
                return _case_like(name, lower[:index] + new + lower[index + len(old):])
    out = lower
    for _ in range(rng.choice((1, 1, 2))):
        choice = rng.random()
        if choice < 0.3:  # doubling or undoubling a consonant
            doubles = [i for i in range(1, len(out)) if out[i] == out[i - 1] and out[i] not in "aeiou"]
            if doubles:
                i = rng.choice(doubles)
                out = out[:i] + out[i + 1:]
            else:
                singles = [i for i in range(1, len(out) - 1) if out[i] not in "aeiouyw" and out[i - 1] in "aeiou"]
                if singles:
                    i = rng.choice(singles)
                    out = out[:i] + out[i] + out[i:]
        elif choice < 0.85:
            old, new = rng.choice(_VOWEL_SWAPS)
            positions = [i for i in range(len(out)) if out.startswith(old, i)]
            if positions:
                i = rng.choice(positions)
                out = out[:i] + new + out[i + len(old):]
        else:  # final -a/-ah, -e/-eh
            if out.endswith(("a", "e")):
                out += "h"
            elif out.endswith(("ah", "eh")):
                out = out[:-1]
    return _case_like(name, out)


def typo(name: str, rng: random.Random) -> str:
    """One typing error: substitution, deletion, insertion or transposition."""
    if len(name) < 3:
        return name
    i = rng.randrange(1, len(name))
    letters = "abdefhiklmnorstuy"
    kind = rng.random()
    if kind < 0.35:
        return name[:i] + rng.choice(letters) + name[i + 1:]
    if kind < 0.6:
        return name[:i] + name[i + 1:]
    if kind < 0.8:
        return name[:i] + rng.choice(letters) + name[i:]
    if i < len(name) - 1:
        return name[:i] + name[i + 1] + name[i] + name[i + 2:]
    return name


# --- other scripts ---------------------------------------------------------------------------------------------

_TO_ARABIC = (("sh", "ش"), ("kh", "خ"), ("th", "ث"), ("dh", "ذ"), ("gh", "غ"), ("ch", "چ"), ("ou", "و"),
              ("oo", "و"), ("ee", "ي"), ("aa", "ا"), ("b", "ب"), ("t", "ت"), ("j", "ج"), ("d", "د"), ("r", "ر"),
              ("z", "ز"), ("s", "س"), ("f", "ف"), ("q", "ق"), ("k", "ك"), ("l", "ل"), ("m", "م"), ("n", "ن"),
              ("w", "و"), ("y", "ي"), ("g", "گ"), ("p", "پ"), ("v", "و"), ("u", "و"), ("i", "ي"), ("x", "ح"),
              ("c", "ع"))


def to_arabic(name: str) -> str:
    """A plausible Arabic-script spelling of a romanised name (short vowels unwritten, as in Arabic)."""
    words = []
    for word in name.lower().replace("-", " ").split():
        if word in ("al", "el"):
            words.append("ال")
            continue
        out = []
        i = 0
        while i < len(word):
            if i == 0 and word[0] in "aeiou":
                out.append("ع" if word[0] in "ou" else "ا")
                i += 2 if word[:2] in ("ou", "oo", "ee", "aa") else 1
                continue
            if word[i] == "h":
                out.append("ه" if i == len(word) - 1 else "ح")
                i += 1
                continue
            if i == len(word) - 1 and word[i] == "a":
                out.append("ة" if len(word) > 3 else "ا")
                i += 1
                continue
            for latin, arabic in _TO_ARABIC:
                if word.startswith(latin, i):
                    if not out or out[-1] != arabic or latin in ("u", "i", "ou", "ee"):
                        out.append(arabic)
                    i += len(latin)
                    break
            else:
                i += 1  # a, e, o: short vowels are not written
        words.append("".join(out))
    return " ".join(words)


_ETHIOPIC_TABLE: dict[tuple[str, str], str] = {}


def _ethiopic_table() -> dict[tuple[str, str], str]:
    import re
    import unicodedata

    if not _ETHIOPIC_TABLE:
        pattern = re.compile(r"^ETHIOPIC SYLLABLE (GLOTTAL |[A-Z]*?)(AA|EE|A|U|I|E|O)$")
        for code in range(0x1200, 0x135A):
            match = pattern.match(unicodedata.name(chr(code), ""))
            if match:
                consonant, vowel = match.groups()
                _ETHIOPIC_TABLE.setdefault((consonant.strip(), vowel), chr(code))
    return _ETHIOPIC_TABLE


def to_ethiopic(name: str) -> str:
    """A plausible Ethiopic (Tigrinya) spelling of a romanised name, syllable by syllable."""
    table = _ethiopic_table()
    vowels = {"e": "A", "u": "U", "i": "I", "a": "AA", "o": "O"}
    words = []
    for word in name.lower().split():
        out = []
        i = 0
        while i < len(word):
            consonant = ""
            for latin in ("ts", "sh", "ch", "ny", "zh", "kh"):
                if word.startswith(latin, i):
                    consonant = {"ts": "TS", "sh": "SH", "ch": "C", "ny": "NY", "zh": "ZH", "kh": "KX"}[latin]
                    i += 2
                    break
            else:
                if word[i] not in "aeiou":
                    consonant = word[i].upper()
                    i += 1
            vowel = "E"
            if i < len(word) and word[i] in vowels:
                vowel = vowels[word[i]]
                i += 1
            char = table.get((consonant or "GLOTTAL", vowel)) or table.get((consonant, "E"), "")
            out.append(char)
        words.append("".join(out))
    return " ".join(words)


# --- identifiers -----------------------------------------------------------------------------------------------


def national_id(birth_date: datetime.date, rng: random.Random, *, d_number: bool,
                issued: set[str] | None = None) -> str:
    """A valid fødselsnummer or D number (check digits by python-stdnum) with this birth date, not in `issued`
    (the registry never gives one number to two persons); "" when a date's numbers run out, as they can for
    1 January."""
    for _attempt in range(200):
        day = birth_date.day + (40 if d_number else 0)
        year = birth_date.year
        if 1900 <= year <= 1999:
            individual = rng.randrange(0, 500)
        elif year >= 2000:
            individual = rng.randrange(500, 1000)
        else:
            individual = rng.randrange(500, 750)
        base = f"{day:02d}{birth_date.month:02d}{year % 100:02d}{individual:03d}"
        first = fodselsnummer.calc_check_digit1(base)
        if first == "10" or len(first) != 1:
            continue
        second = fodselsnummer.calc_check_digit2(base + first)
        if len(second) != 1:
            continue
        number = base + first + second
        if issued is not None:
            if number in issued:
                continue
            issued.add(number)
        return number
    return ""


def duf_number(arrival: datetime.date, rng: random.Random, issued: set[str] | None = None) -> str:
    """A DUF number: the year of registration, then eight digits (not in `issued`: one number, one case)."""
    while True:
        number = f"{arrival.year}{rng.randrange(10**8):08d}"
        if issued is None or number not in issued:
            if issued is not None:
                issued.add(number)
            return number


# --- persons ---------------------------------------------------------------------------------------------------


@dataclass
class _Person:
    household: int
    country: str
    given: str
    family: str
    sex: str
    birth: datetime.date
    relatives: list[int]
    centre: str
    arrival: datetime.date
    citizenship: str
    duf: str
    nid: str


def _birth_date(year: int, country: str, rng: random.Random) -> datetime.date:
    jan, jul = (0.45, 0.10) if country in PATRONYMIC else (0.35, 0.08)
    roll = rng.random()
    if roll < jan:
        return datetime.date(year, 1, 1)
    if roll < jan + jul:
        return datetime.date(year, 7, 1)
    return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))


def _family_name(country: str, father_given: str, grandfather: str, pools: dict[str, tuple[str, ...]],
                 rng: random.Random) -> str:
    if country == "SO":
        return f"{father_given} {grandfather}" if rng.random() < 0.5 else father_given
    if country in ("ER", "AF"):
        if country == "AF" and rng.random() < 0.35:
            return rng.choice(pools["family"])
        return father_given
    if country in ARAB or country == "IR":
        return rng.choice(pools["family"]) if rng.random() < 0.5 else father_given
    return rng.choice(pools["family"])


def generate(*, persons: int, seed: int = 1, duplicate_rate: float = 0.04) -> SyntheticRegistry:
    """`persons` distinct persons in households, plus their duplicate records (see the module docstring)."""
    rng = random.Random(seed)
    pools = _Pools(seed)
    issued: set[str] = set()
    countries = list(ORIGINS)
    weights = list(ORIGINS.values())
    people: list[_Person] = []
    household = 0
    this_year = 2025
    while len(people) < persons:
        household += 1
        country = rng.choices(countries, weights)[0]
        pool = pools.pools[country]
        centre = rng.choice(CENTRES)
        arrival = datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(3650))
        grandfather = rng.choice(pool["male"])
        head_given = rng.choice(pool["male"])
        head_family = _family_name(country, grandfather, rng.choice(pool["male"]), pool, rng)
        members: list[tuple[str, str, str, int]] = []  # given, family, sex, birth year
        head_year = rng.randrange(1958, 2004)
        members.append((head_given, head_family, "male", head_year))
        if rng.random() < 0.6:
            spouse_family = _family_name(country, rng.choice(pool["male"]), rng.choice(pool["male"]), pool, rng)
            members.append((rng.choice(pool["female"]), spouse_family, "female",
                            min(2004, head_year + rng.randrange(-3, 8))))
        children = rng.choice((0, 0, 1, 2, 2, 3, 3, 4, 5)) if len(members) == 2 else rng.choice((0, 0, 0, 1))
        if country in PATRONYMIC or (country in ARAB and head_family == grandfather):
            child_family = head_given if country != "SO" else f"{head_given} {grandfather}"
        else:
            child_family = head_family
        used = {head_given}
        for _ in range(children):
            sex = rng.choice(("female", "male"))
            year = head_year + rng.randrange(18, 46)
            if year >= this_year:
                continue
            given = rng.choice(pool[sex])
            for _attempt in range(5):  # siblings do not share a given name
                if given not in used:
                    break
                given = rng.choice(pool[sex])
            used.add(given)
            members.append((given, child_family, sex, year))
        twin = len(members) >= 4 and rng.random() < 0.03
        if country in ARAB and rng.random() < 0.33:  # the father's name as a middle given name
            members = [(f"{g} {head_given if i >= 2 else grandfather}", f, s, y) if i != 1 else (g, f, s, y)
                       for i, (g, f, s, y) in enumerate(members)]
        start = len(people)
        births: list[datetime.date] = []
        for given, family, sex, year in members:
            births.append(_birth_date(min(year, this_year - 1), country, rng))
        if twin:
            births[-1] = births[-2]
            twin_given = members[-1][0]
            while twin_given == members[-2][0] or twin_given.split()[0] == members[-2][0].split()[0]:
                twin_given = rng.choice(pool[members[-1][2]])
            members[-1] = (twin_given, members[-1][1], members[-1][2], members[-1][3])
        ids = list(range(start, start + len(members)))
        for index, ((given, family, sex, _year), birth) in enumerate(zip(members, births, strict=True)):
            person_arrival = arrival
            people.append(_Person(
                household=household, country=country, given=given, family=family, sex=sex, birth=birth,
                relatives=[i for i in ids if i != start + index], centre=centre, arrival=person_arrival,
                citizenship=country, duf=duf_number(person_arrival, rng, issued) if rng.random() < 0.85 else "",
                nid=national_id(birth, rng, d_number=rng.random() < 0.6, issued=issued) if rng.random() < 0.35 else "",
            ))
    del people[persons:]
    for person in people:
        person.relatives = [i for i in person.relatives if i < persons]

    # deliberate namesakes: another household's person with the same name, born the same year
    namesakes = 0
    for index in range(len(people)):
        if rng.random() < 0.01:
            other = rng.randrange(len(people))
            target = people[other]
            if target.household == people[index].household or target.sex != people[index].sex:
                continue
            target.given, target.family = people[index].given, people[index].family
            target.country = target.citizenship = people[index].country
            year = people[index].birth.year
            target.birth = (people[index].birth if rng.random() < 0.5 and people[index].birth.month == 1
                            and people[index].birth.day == 1 else _birth_date(year, target.country, rng))
            if target.nid:
                target.nid = national_id(target.birth, rng, d_number=True, issued=issued)
            namesakes += 1

    records: list[PersonRecord] = []
    truth: list[int] = []

    def relatives_of(person: _Person) -> tuple[str, ...]:
        return tuple(people[i].given for i in person.relatives)

    for index, person in enumerate(people):
        records.append(PersonRecord(
            id=str(index + 1), given_name=person.given, family_name=person.family, birth_date=person.birth,
            sex=person.sex if rng.random() > 0.02 else "unknown",
            citizenship=person.citizenship if rng.random() > 0.05 else "", duf_number=person.duf,
            national_id=person.nid, reception_centre=person.centre, arrival_date=person.arrival,
            relatives=relatives_of(person),
        ))
        truth.append(index)

    # duplicates: whole households (40 %) or single persons
    chosen: set[int] = set()
    target_count = round(duplicate_rate * persons)
    by_household: dict[int, list[int]] = {}
    for index, person in enumerate(people):
        by_household.setdefault(person.household, []).append(index)
    while len(chosen) < target_count:
        index = rng.randrange(len(people))
        if rng.random() < 0.4:
            chosen.update(by_household[people[index].household])
        else:
            chosen.add(index)
    extra = 0
    next_id = len(records) + 1
    for index in sorted(chosen):
        copies = 1 if rng.random() < 0.75 else 2
        for _ in range(copies):
            record = _noisy_copy(records[index], people[index], pools, rng, issued)
            records.append(replace(record, id=str(next_id)))
            truth.append(index)
            next_id += 1
            extra += 1
    order = list(range(len(records)))
    rng.shuffle(order)
    # ids stay as generated; only the order of the records is mixed, as a registry's rows are
    records = [records[i] for i in order]
    truth = [truth[i] for i in order]
    return SyntheticRegistry(records=records, truth=truth, persons=persons,
                             stats={"records": len(records), "duplicate_records": extra,
                                    "persons_duplicated": len(chosen), "namesakes": namesakes,
                                    "households": household})


def _noisy_copy(record: PersonRecord, person: _Person, pools: _Pools, rng: random.Random,
                issued: set[str]) -> PersonRecord:
    country = person.country
    given, family = record.given_name, record.family_name

    def vary(name: str) -> str:
        return " ".join(variant(token, country, rng) if rng.random() < 0.5 else token for token in name.split())

    given, family = vary(given), vary(family)
    if rng.random() < 0.06:
        if " " in given:
            given = given.split()[0]
        elif " " in family:
            family = family.split()[0]
    if rng.random() < 0.1:
        if rng.random() < 0.5 or not family:
            tokens = given.split()
            tokens[0] = typo(tokens[0], rng)
            given = " ".join(tokens)
        else:
            tokens = family.split()
            tokens[-1] = typo(tokens[-1], rng)
            family = " ".join(tokens)
    if rng.random() < 0.06:
        if country in ARABIC_SCRIPT:
            given, family = to_arabic(given), to_arabic(family)
        elif country == "ER":
            given, family = to_ethiopic(given), to_ethiopic(family)
        elif country == "UA":
            given = " ".join(pools.cyrillic.get(t, t) for t in record.given_name.split())
            family = " ".join(pools.cyrillic.get(t, t) for t in record.family_name.split())
    if rng.random() < 0.08:
        given, family = family, given
    birth = record.birth_date
    roll = rng.random()
    if birth is not None:
        if roll < 0.2:
            birth = datetime.date(birth.year, 1, 1) if rng.random() < 0.8 else datetime.date(birth.year, 7, 1)
        elif roll < 0.23:
            birth = datetime.date(min(2024, birth.year + rng.choice((-1, 1))), 1, 1)
        elif roll < 0.26:
            if birth.day <= 12 and birth.day != birth.month:
                birth = datetime.date(birth.year, birth.day, birth.month)
            else:
                day = birth.day + rng.choice((-10, 10, -1, 1))
                if 1 <= day <= 28:
                    birth = birth.replace(day=day)
    duf, nid = record.duf_number, record.national_id
    roll = rng.random()
    if roll < 0.4:
        duf = ""
    elif roll < 0.42:
        duf = duf_number(record.arrival_date or datetime.date(2020, 1, 1), rng, issued)
    if rng.random() < 0.25 and birth is not None and not nid:
        nid = national_id(birth, rng, d_number=rng.random() < 0.5, issued=issued)
        duf = "" if nid else duf
    elif nid and rng.random() < 0.3:
        nid = ""
    centre, arrival = record.reception_centre, record.arrival_date
    if rng.random() < 0.5:
        centre = rng.choice(CENTRES)
    if rng.random() < 0.5 and arrival is not None:
        arrival = arrival + datetime.timedelta(days=rng.randrange(0, 400))
    roll = rng.random()
    citizenship = "" if roll < 0.15 else ("XX" if roll < 0.17 else record.citizenship)
    return replace(
        record, given_name=given, family_name=family, birth_date=birth,
        sex="unknown" if rng.random() < 0.03 else record.sex,
        citizenship=citizenship, duf_number=duf, national_id=nid,
        reception_centre=centre, arrival_date=arrival, relatives=() if rng.random() < 0.3 else record.relatives,
    )
