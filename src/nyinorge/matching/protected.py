"""The grounds the law forbids as reasons for treating a person differently, and the guard that keeps them out of
every outcome model's features.

The Equality and Anti-Discrimination Act (likestillings- og diskrimineringsloven, LOV-2017-06-16-51) § 6 forbids
discrimination on the grounds of sex, pregnancy, leave in connection with childbirth or adoption, care
responsibilities, ethnicity, religion, belief, disability, sexual orientation, gender identity, gender expression
and age, or combinations of these; "ethnicity" includes national origin, descent, skin colour and language
(https://snl.no/likestillings-_og_diskrimineringsloven; Prop. 81 L (2016–2017)). A settlement that ranks a person's
municipalities by a model fed any of these treats the person differently on that ground, so none is ever a feature.

What is *not* on the list, and why it may be a feature: a person's acquired Norwegian and English proficiency (a
qualification measured by CEFR tests, not the mother tongue that "language" in § 6 means), education and work
experience (individual qualifications), family or friends in a municipality (the person's own stated network),
and the municipality's own indicators. Sex, country of origin and age are still *recorded* — the fairness report
(`fairness.py`) measures predicted gain and outcomes by sex and country group — but never used to predict.
"""

from collections.abc import Iterable

# Feature names (in the simulator, the platform's training set or any model) that are a protected ground or a
# direct proxy of one. A name matches when it equals an entry or starts with it followed by "_".
PROTECTED_FEATURES: tuple[str, ...] = (
    "sex", "male", "female", "gender",
    "pregnant", "pregnancy", "parental_leave", "care_responsibilities",
    "ethnicity", "country", "country_group", "citizenship", "nationality", "birth_country", "mother_tongue",
    "native_language", "skin_colour",
    "religion", "belief",
    "disability", "health", "health_needs",
    "sexual_orientation", "gender_identity", "gender_expression",
    "age", "birth_year", "birth_date",
)

PROTECTED_GROUNDS_NB: tuple[str, ...] = (
    "kjønn", "graviditet", "permisjon ved fødsel eller adopsjon", "omsorgsoppgaver", "etnisitet (nasjonal "
    "opprinnelse, avstamning, hudfarge, språk)", "religion", "livssyn", "funksjonsnedsettelse", "seksuell "
    "orientering", "kjønnsidentitet", "kjønnsuttrykk", "alder",
)


def is_protected(feature: str) -> bool:
    """True when the feature name is a protected ground or a direct proxy of one."""
    name = feature.lower()
    return any(name == ground or name.startswith(ground + "_") for ground in PROTECTED_FEATURES)


def protected_in(features: Iterable[str]) -> list[str]:
    """The protected names among `features`, in order (empty when the set is lawful)."""
    return [name for name in features if is_protected(name)]


class ProtectedFeature(ValueError):
    """A model was asked to use a feature that is a protected ground."""


def features_require_lawful(features: Iterable[str]) -> None:
    """Raise `ProtectedFeature` naming every protected ground among the features."""
    found = protected_in(features)
    if found:
        raise ProtectedFeature(f"protected grounds cannot be features (likestillings- og diskrimineringsloven § 6): "
                               f"{', '.join(found)}")
