"""The public search: one query on the listing table, ordered by category (highest first), then relevance.

PostgreSQL: every filter and the order are served by indexes on `interpreters_listing`; a name is matched with
LIKE on a trigram (pg_trgm) index and ranked by trigram word similarity. SQLite (`make run`) has no pg_trgm: the
same filters run as plain scans, and names rank alphabetically within a category.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import F, QuerySet, Value

from nyinorge.interpreters.models import Listing
from nyinorge.interpreters.services.listings import search_name_of

MAX_PAGE_SIZE = 100
# Counting stops here: an exact count of 60,000 Arabic listings costs a scan of them all, and "more than 1,000"
# says as much to someone looking for an interpreter (the answer says whether the count is exact).
COUNT_CAP = 1000


@dataclass(frozen=True)
class SearchQuery:
    language: str = ""
    variant: str = ""
    min_rank: int = 0
    county: str = ""
    municipality: str = ""
    remote_screen: bool | None = None
    remote_phone: bool | None = None
    name: str = ""
    offset: int = 0
    limit: int = 20


@dataclass(frozen=True)
class SearchResult:
    total: int  # exact up to COUNT_CAP, else COUNT_CAP
    total_is_exact: bool
    listings: list[Listing]
    query: SearchQuery


def _filtered(query: SearchQuery) -> QuerySet[Listing]:
    listings = Listing.objects.all()
    if query.language:
        listings = listings.filter(language=query.language)
        if query.variant:
            listings = listings.filter(variant=query.variant)
    if query.min_rank:
        listings = listings.filter(category_rank__gte=query.min_rank)
    if query.municipality:
        listings = listings.filter(municipality_id=query.municipality)
    elif query.county:
        listings = listings.filter(county_id=query.county)
    if query.remote_screen is not None:
        listings = listings.filter(remote_screen=query.remote_screen)
    if query.remote_phone is not None:
        listings = listings.filter(remote_phone=query.remote_phone)
    for word in search_name_of(query.name).split():
        listings = listings.filter(search_name__contains=word)
    return listings


def listings_search(*, query: SearchQuery) -> SearchResult:
    """One page of public listings matching the query, and how many match (exactly up to COUNT_CAP)."""
    listings = _filtered(query)
    # SELECT COUNT(*) FROM (… LIMIT 1001) stops early; a name is selective, and its trigram index counts exactly
    # and fast, which the planner does not choose under a LIMIT.
    counted = listings.count() if query.name.strip() else listings[:COUNT_CAP + 1].count()
    name = search_name_of(query.name)
    if name and connection.vendor == "postgresql":
        listings = listings.annotate(relevance=TrigramWordSimilarity(Value(name), "search_name"))
        order = [F("category_rank").desc(), F("relevance").desc(), "search_name", "interpreter_language_id"]
    else:
        order = [F("category_rank").desc(), "search_name", "interpreter_language_id"]
    page = list(listings.order_by(*order).select_related("municipality", "county")[query.offset:query.offset + query.limit])
    return SearchResult(total=min(counted, COUNT_CAP), total_is_exact=counted <= COUNT_CAP, listings=page, query=query)


def listings_of_interpreter(*, interpreter_id: int) -> list[Listing]:
    """An interpreter's public profile: their listings only (empty unless listed)."""
    return list(Listing.objects.filter(interpreter_id=interpreter_id).select_related("municipality", "county")
                .order_by(F("category_rank").desc(), "language", "variant"))
