"""The public register as JSON (no token needed): search, one interpreter, languages and categories.

The search reads its input through the same form and runs the same selector as the page, so both give the same
answers; invalid input is a 422 problem naming the fields. Only published fields exist in the answers.
"""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from nyinorge.core.ids import PathId
from nyinorge.core.problems import PROBLEM_STATUSES, Problem
from nyinorge.interpreters.categories import category_description, category_label, rule_table_current
from nyinorge.interpreters.forms import InterpreterSearchForm
from nyinorge.interpreters.languages import LANGUAGES, VARIANTS, language_name, variant_name
from nyinorge.interpreters.models import Listing
from nyinorge.interpreters.selectors.search import COUNT_CAP, MAX_PAGE_SIZE, listings_of_interpreter, listings_search

PROBLEMS = {status: Problem for status in PROBLEM_STATUSES if status not in (401, 403, 409)}

router = Router(tags=["interpreters"])


class SearchIn(Schema):
    language: str = Field("", description="Language code (BCP 47 / ISO 639), e.g. ar, ti, so, prs, fa, pl")
    variant: str = Field("", description="Variant or dialect of the language, e.g. levantine for ar")
    category: str = Field("", description="Lowest category to include (A highest … E lowest)")
    county: str = Field("", description="County number (2020), e.g. 03")
    municipality: str = Field("", description="Municipality number, e.g. 0301; only interpreters who publish it")
    remote_screen: bool | None = Field(None, description="true: interprets by screen; false: does not")
    remote_phone: bool | None = Field(None, description="true: interprets by phone; false: does not")
    name: str = Field("", max_length=100, description="Part of the name; every word must match")
    offset: int = Field(0, ge=0, le=100_000)
    limit: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class ListingOut(Schema):
    interpreter_id: int
    name: str
    language: str
    language_name: str
    variant: str
    variant_name: str
    category: str
    category_label: str
    category_rank: int = Field(description="Higher is better")
    municipality_number: str | None = Field(description="Only when the interpreter publishes it")
    municipality_name: str | None
    county_number: str | None
    email: str | None = Field(description="Only when the interpreter publishes it")
    phone: str | None = Field(description="Only when the interpreter publishes it")
    remote_screen: bool
    remote_phone: bool


class SearchOut(Schema):
    total: int = Field(description=f"Matches, counted up to {COUNT_CAP}; see total_is_exact")
    total_is_exact: bool = Field(description=f"false when more than {COUNT_CAP} match: narrow the search")
    offset: int
    limit: int
    results: list[ListingOut]


class LanguageOut(Schema):
    code: str
    name: str
    variants: dict[str, str]


class CategoryOut(Schema):
    code: str
    label: str
    rank: int
    description: str


class InterpreterOut(Schema):
    interpreter_id: int
    name: str
    languages: list[ListingOut]


def _listing(listing: Listing) -> dict:
    return {
        "interpreter_id": listing.interpreter_id,
        "name": listing.name,
        "language": listing.language,
        "language_name": language_name(listing.language),
        "variant": listing.variant,
        "variant_name": variant_name(listing.language, listing.variant),
        "category": listing.category,
        "category_label": category_label(listing.category, listing.rule_version),
        "category_rank": listing.category_rank,
        "municipality_number": listing.municipality_id,
        "municipality_name": listing.municipality.name if listing.municipality_id else None,
        "county_number": listing.county_id,
        "email": listing.email or None,
        "phone": listing.phone or None,
        "remote_screen": listing.remote_screen,
        "remote_phone": listing.remote_phone,
    }


def _yes_no(value: bool | None) -> str:
    return "" if value is None else "yes" if value else "no"


@router.get("/", response={200: SearchOut, **PROBLEMS}, auth=None,
            summary="Search the register: highest category first, then relevance")
def interpreters_search(request: HttpRequest, filters: Query[SearchIn]):
    data = filters.dict()
    form = InterpreterSearchForm({
        **{key: data[key] for key in ("language", "variant", "category", "county", "municipality", "name")},
        "remote_screen": _yes_no(data["remote_screen"]), "remote_phone": _yes_no(data["remote_phone"]),
    })
    if not form.is_valid():
        raise ValidationError({field: [str(message) for message in messages] for field, messages in form.errors.items()})
    result = listings_search(query=form.search_query(page_size=data["limit"], offset=data["offset"]))
    return {"total": result.total, "total_is_exact": result.total_is_exact, "offset": data["offset"], "limit": data["limit"],
            "results": [_listing(listing) for listing in result.listings]}


@router.get("/languages", response={200: list[LanguageOut], **PROBLEMS}, auth=None, summary="The register's languages")
def interpreter_languages(request: HttpRequest):
    return [{"code": code, "name": language_name(code),
             "variants": {variant: variant_name(code, variant) for variant in VARIANTS.get(code, {})}}
            for code in LANGUAGES]


@router.get("/categories", response={200: list[CategoryOut], **PROBLEMS}, auth=None,
            summary="The qualification categories, highest first")
def interpreter_categories(request: HttpRequest):
    return [{"code": c.code, "label": category_label(c.code), "rank": c.rank, "description": category_description(c.code)}
            for c in rule_table_current().categories]


@router.get("/{interpreter_id}", response={200: InterpreterOut, **PROBLEMS}, auth=None,
            summary="One listed interpreter: languages, categories and published contact details")
def interpreter_detail(request: HttpRequest, interpreter_id: PathId):
    listings = listings_of_interpreter(interpreter_id=interpreter_id)
    if not listings:
        raise Http404(_("No interpreter with this number is listed in the register."))
    return {"interpreter_id": interpreter_id, "name": listings[0].name, "languages": [_listing(x) for x in listings]}
