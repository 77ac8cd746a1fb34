"""Blocking keys: the batch's Splink blocking rules and the registration-time candidate index use the same keys.

Two records are compared when they share at least one key. The batch gives Splink one blocking rule,
`block_on("keys", arrays_to_explode=["keys"])`, over the column of these keys, so the batch compares exactly the
pairs the registration-time index (the same keys in PostgreSQL) would find: no more, no fewer.

A person has at most 8 keys; each is narrow enough that a common name in a large
registry stays a few hundred candidates:
- `d:` the DUF number, `n:` the national identity number;
- `s:` the sorted consonant skeletons of all name tokens and the birth year (transliterations, swapped order);
  a partial birth date (1 January, 1 July: an estimate) also gives the keys of the year before and after;
- `m:` the same skeletons and the day and month of a full (not 1 January / 1 July) birth date: a wrong year;
- `t:` for each of the two leading tokens (the first given and the first family token), its skeleton, the
  birth year and the first letter of the other's skeleton: a typing error or a dropped middle name in one
  token still leaves one key the same (the pair of keys is symmetric, so swapped names keep them);
- `x:` for a person without a birth date, the skeletons and the citizenship.
"""

from __future__ import annotations

from functools import lru_cache

from nyinorge.core.dedup.normalise import date_is_partial, name_tokens, skeleton
from nyinorge.core.dedup.records import PersonRecord


@lru_cache(maxsize=200_000)
def _field_skeletons(text: str) -> tuple[str, ...]:
    return tuple(s for s in (skeleton(t) for t in name_tokens(text)) if s)


def _skeletons(text: str) -> list[str]:
    return list(_field_skeletons(text))


def candidate_keys(record: PersonRecord) -> list[str]:
    """The blocking keys of a person (short strings; two records sharing any key are compared)."""
    keys: list[str] = []
    duf = "".join(ch for ch in (record.duf_number or "") if ch.isdigit())
    nid = "".join(ch for ch in (record.national_id or "") if ch.isdigit())
    if duf:
        keys.append("d:" + duf)
    if nid:
        keys.append("n:" + nid)
    given = _skeletons(record.given_name or "")
    family = _skeletons(record.family_name or "")
    every = sorted(given + family)
    if not every:
        return keys
    name = ".".join(every)
    birth = record.birth_date
    if birth is None:
        keys.append(f"x:{name}|{(record.citizenship or '').upper()}")
        return keys
    keys.append(f"s:{name}|{birth.year}")
    if date_is_partial(birth):
        keys.append(f"s:{name}|{birth.year - 1}")
        keys.append(f"s:{name}|{birth.year + 1}")
    else:
        keys.append(f"m:{name}|{birth.month:02d}{birth.day:02d}")
    leading = [tokens[0] for tokens in (given, family) if tokens]
    if len(leading) == 1 and len(every) > 1:
        leading = [leading[0], next(s for s in every if s != leading[0]) if len(set(every)) > 1 else leading[0]]
    if len(leading) == 2:
        first, second = leading
        keys.append(f"t:{first}|{birth.year}|{second[0]}")
        keys.append(f"t:{second}|{birth.year}|{first[0]}")
    return list(dict.fromkeys(keys))
