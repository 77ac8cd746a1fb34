"""Blocking keys: the batch's Splink blocking rules and the registration-time candidate index use the same keys."""

from nyinorge.core.dedup.records import PersonRecord


def candidate_keys(record: PersonRecord) -> list[str]:
    """The blocking keys of a person (short strings; two records sharing any key are compared)."""
    raise NotImplementedError
