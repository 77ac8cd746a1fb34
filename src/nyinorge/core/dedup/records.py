"""What the de-duplication engine knows of one person."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class PersonRecord:
    """One registered (or about to be registered) person, as the engine compares them.

    `id` is the registry's primary key as a string ("" for a person not yet saved). Names are as entered, in any
    script; the engine normalises them. `relatives` holds the given names of the person's spouse, children and
    parents as entered, so a pair whose families also match scores higher.
    """

    id: str
    given_name: str
    family_name: str
    birth_date: datetime.date | None
    sex: str = "unknown"  # female | male | unknown
    citizenship: str = ""  # ISO 3166 alpha-2
    duf_number: str = ""
    national_id: str = ""
    reception_centre: str = ""  # the centre's organisation id, as a string
    arrival_date: datetime.date | None = None
    relatives: tuple[str, ...] = ()
