"""The features of one record, as the Splink comparisons and their Python twins read them (pure Python).

The batch turns every record into one row of these columns (a pandas frame); registration-time scoring computes
the same dict for the two records of a pair. Empty values are None (SQL NULL), so a missing field is the "null"
level of its comparison, which carries no weight.
"""

from __future__ import annotations

import datetime
from typing import Any

from nyinorge.core.dedup.normalise import date_is_partial, name_form, relative_tokens, skeleton
from nyinorge.core.dedup.records import PersonRecord

EPOCH = datetime.date(1970, 1, 1)

COLUMNS = ("unique_id", "given", "family", "name_sorted", "skel_sorted", "given_first",
           "given_skel", "family_first", "tokens", "skels", "birth_date",
           "birth_year", "birth_partial", "sex", "citizenship", "duf", "nid", "centre", "arrival_day", "relatives")


def _digits(value: str) -> str | None:
    if not value:
        return None
    if value.isdigit():
        return value
    return "".join(ch for ch in value if ch.isdigit()) or None


def _or_none(value: str) -> str | None:
    value = (value or "").strip()
    return value or None


def record_features(record: PersonRecord) -> dict[str, Any]:
    """The comparison columns of one record (names normalised, dates split into value, year and precision)."""
    form = name_form(record.given_name or "", record.family_name or "")
    birth = record.birth_date
    # A relative's name that is also one of the person's own name tokens says nothing: in patronymic naming the
    # father's given name is the child's family name, so every child of a father would "share" it.
    relatives = relative_tokens(tuple(record.relatives)) if record.relatives else ()
    if relatives:
        relatives = tuple(token for token in relatives if token not in form.tokens)
    sex = record.sex if record.sex in ("female", "male") else None
    given_tokens = form.given.split()
    family_tokens = form.family.split()
    first = (given_tokens or family_tokens or [None])[0]
    return {
        "unique_id": record.id,
        "given_first": first,
        "given_skel": (skeleton(first) or None) if first else None,
        "family_first": family_tokens[0] if family_tokens and given_tokens else None,
        "given": form.given or None,
        "family": form.family or None,
        "name_sorted": form.sorted_name or None,
        "skel_sorted": form.sorted_skeleton or None,
        "tokens": list(form.tokens) if form.tokens else None,
        "skels": list(form.skeletons) if form.skeletons else None,
        "birth_date": birth.isoformat() if birth else None,
        "birth_year": birth.year if birth else None,
        "birth_partial": date_is_partial(birth) if birth else None,
        "sex": sex,
        "citizenship": _or_none(record.citizenship.upper() if record.citizenship else ""),
        "duf": _digits(record.duf_number),
        "nid": _digits(record.national_id),
        "centre": _or_none(record.reception_centre),
        "arrival_day": (record.arrival_date - EPOCH).days if record.arrival_date else None,
        "relatives": list(relatives) if relatives else None,
    }
