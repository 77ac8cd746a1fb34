"""Countries of origin and the names of synthetic persons from them (settled refugees 2019, rounded shares).

The population register writes names in Latin script, so the countries whose Faker sets are Arabic or
Persian script use curated transliterated lists (`data/names/<country>.csv`, see its README): Syria,
Eritrea, Afghanistan, Iran, Sudan, Somalia, Iraq. Faker is used only where its set is already in Latin
script: DR Congo (fr_FR, the official language) and Turkey (tr_TR). Both are seeded: same seed, same names.
"""

import csv
import random
from functools import cache
from importlib import resources

from faker import Faker

# country: (share of settled persons, Faker locale or None for a curated list, language codes)
COUNTRIES: dict[str, tuple[float, str | None, list[str]]] = {
    "SY": (0.42, None, ["ar"]),
    "CD": (0.17, "fr_FR", ["fr", "ln"]),
    "ER": (0.12, None, ["ti"]),
    "AF": (0.08, None, ["prs"]),
    "TR": (0.05, "tr_TR", ["tr"]),
    "IR": (0.05, None, ["fa"]),
    "SD": (0.04, None, ["ar"]),
    "SO": (0.04, None, ["so"]),
    "IQ": (0.03, None, ["ar", "ku"]),
}


@cache
def name_list(country: str) -> dict[str, tuple[str, ...]]:
    """The curated names of a country: {"female": …, "male": …, "family": …}."""
    lists: dict[str, list[str]] = {"female": [], "male": [], "family": []}
    path = resources.files("nyinorge.synthetic") / "data" / "names" / f"{country.lower()}.csv"
    with path.open(encoding="utf-8") as file:
        for row in csv.DictReader(file):
            lists[row["list"]].append(row["name"])
    return {kind: tuple(names) for kind, names in lists.items()}


class NameMaker:
    """Names by country and sex from one seeded generator per country, so the same seed gives the same names."""

    def __init__(self, seed: int) -> None:
        self._seed = seed
        self._fakers: dict[str, Faker] = {}
        self._rngs: dict[str, random.Random] = {}

    def _faker(self, locale: str) -> Faker:
        if locale not in self._fakers:
            faker = Faker(locale)
            faker.seed_instance(self._seed)
            self._fakers[locale] = faker
        return self._fakers[locale]

    def _pick(self, country: str, kind: str) -> str:
        rng = self._rngs.setdefault(country, random.Random(f"{self._seed}-names-{country}"))
        return rng.choice(name_list(country)[kind])

    def country(self, rng: random.Random) -> str:
        return rng.choices(list(COUNTRIES), weights=[share for share, _l, _c in COUNTRIES.values()])[0]

    def family_name(self, country: str) -> str:
        locale = COUNTRIES[country][1]
        return self._faker(locale).last_name() if locale else self._pick(country, "family")

    def given_name(self, country: str, sex: str) -> str:
        locale = COUNTRIES[country][1]
        kind = "female" if sex == "female" else "male"
        if locale is None:
            return self._pick(country, kind)
        faker = self._faker(locale)
        return faker.first_name_female() if kind == "female" else faker.first_name_male()
