"""Countries of origin and the Faker name sets used for them (settled refugees 2019, rounded shares).

Faker has no Tigrinya, Lingala or Somali person names, so: Eritrea and Somalia use the generic Arabic
set (ar_AA; Arabic is a working language in both), DR Congo the French one (fr_FR, the official language),
Syria the Levantine Arabic set (ar_PS), Sudan and Iraq the Gulf set (ar_SA), Afghanistan and Iran Persian
(fa_IR: Dari is a variety of Persian), Turkey tr_TR. Arabic and Persian sets give names in their own script.
"""

import random

from faker import Faker

# country: (share of settled persons, Faker locale, language codes)
COUNTRIES: dict[str, tuple[float, str, list[str]]] = {
    "SY": (0.42, "ar_PS", ["ar"]),
    "CD": (0.17, "fr_FR", ["fr", "ln"]),
    "ER": (0.12, "ar_AA", ["ti"]),
    "AF": (0.08, "fa_IR", ["prs"]),
    "TR": (0.05, "tr_TR", ["tr"]),
    "IR": (0.05, "fa_IR", ["fa"]),
    "SD": (0.04, "ar_SA", ["ar"]),
    "SO": (0.04, "ar_AA", ["so"]),
    "IQ": (0.03, "ar_SA", ["ar", "ku"]),
}


class NameMaker:
    """Seeded Faker instances per locale, so the same seed gives the same names."""

    def __init__(self, seed: int) -> None:
        self._fakers: dict[str, Faker] = {}
        self._seed = seed

    def _faker(self, locale: str) -> Faker:
        if locale not in self._fakers:
            faker = Faker(locale)
            faker.seed_instance(self._seed)
            self._fakers[locale] = faker
        return self._fakers[locale]

    def country(self, rng: random.Random) -> str:
        return rng.choices(list(COUNTRIES), weights=[share for share, _l, _c in COUNTRIES.values()])[0]

    def family_name(self, country: str) -> str:
        return self._faker(COUNTRIES[country][1]).last_name()

    def given_name(self, country: str, sex: str) -> str:
        faker = self._faker(COUNTRIES[country][1])
        return faker.first_name_female() if sex == "female" else faker.first_name_male()
