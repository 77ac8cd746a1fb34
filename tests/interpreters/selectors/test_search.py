"""The public search selector: filters, order (category first, then relevance), only listed interpreters."""

import pytest

from nyinorge.interpreters.selectors.search import SearchQuery, listings_search
from nyinorge.interpreters.services.register import interpreter_set_status, interpreter_update

pytestmark = pytest.mark.django_db


def names(query: SearchQuery) -> list[str]:
    return [listing.name for listing in listings_search(query=query).listings]


@pytest.fixture
def register(listed, approve, make_interpreter, officer):
    """Arabic interpreters of every category, some in Bergen (published), one suspended, one applicant."""
    a = listed("ar", given_name="Amal", family_name="Haddad", municipality="4601", publish_municipality=True,
               remote_screen=True)
    approve(a, "education", "ar", credits=180)  # A
    b = listed("ar", given_name="Bashir", family_name="Haddad", municipality="0301", publish_municipality=True)
    approve(b, "education", "ar", credits=30)  # B
    c = listed("ar", given_name="Chadi", family_name="Khalil", municipality="4601", remote_phone=True)  # C, place unpublished
    d = listed("ar", kind="education", given_name="Dima", family_name="Saleh", municipality="4601",
               publish_municipality=True)  # D
    e = make_interpreter(given_name="Eman", family_name="Haddadi", municipality="4601", publish_municipality=True)
    approve(e, "bilingual_test", "ar", variant="levantine")
    approve(e, "ethics_course")
    interpreter_set_status(actor=officer, interpreter=e, status="active")  # E in Levantine Arabic
    suspended = listed("ar", given_name="Sami", family_name="Haddad")
    interpreter_set_status(actor=officer, interpreter=suspended, status="suspended", reason="Klage")
    applicant = make_interpreter(given_name="Hiba", family_name="Haddad")
    approve(applicant, "authorisation", "ar")  # C, but never listed
    listed("ti", given_name="Tesfay", family_name="Haile")
    return {"a": a, "b": b, "c": c, "d": d, "e": e}


def test_highest_category_first_and_only_listed(register):
    assert names(SearchQuery(language="ar")) == [
        "Amal Haddad", "Bashir Haddad", "Chadi Khalil", "Dima Saleh", "Eman Haddadi"]
    assert listings_search(query=SearchQuery(language="ar")).total == 5


def test_minimum_category(register):
    assert names(SearchQuery(language="ar", min_rank=3)) == ["Amal Haddad", "Bashir Haddad", "Chadi Khalil"]


def test_county_and_municipality_only_where_published(register):
    # Chadi lives in Bergen but did not publish it: a place search must not reveal him.
    assert names(SearchQuery(language="ar", county="46")) == ["Amal Haddad", "Dima Saleh", "Eman Haddadi"]
    assert names(SearchQuery(municipality="0301")) == ["Bashir Haddad"]


def test_remote_yes_and_no(register):
    assert names(SearchQuery(language="ar", remote_screen=True)) == ["Amal Haddad"]
    assert names(SearchQuery(language="ar", remote_phone=True)) == ["Chadi Khalil"]
    assert "Amal Haddad" not in names(SearchQuery(language="ar", remote_screen=False))


def test_variant(register):
    assert names(SearchQuery(language="ar", variant="levantine")) == ["Eman Haddadi"]


def test_name_matches_every_word_and_ranks_by_category_then_relevance(register):
    assert names(SearchQuery(name="haddad")) == ["Amal Haddad", "Bashir Haddad", "Eman Haddadi"]
    assert names(SearchQuery(name="HADDAD amal")) == ["Amal Haddad"]
    assert names(SearchQuery(name="khal")) == ["Chadi Khalil"]
    assert names(SearchQuery(name="nobody")) == []


def test_relevance_orders_within_a_category(listed):
    listed("so", given_name="Abdi", family_name="Hassanein")
    listed("so", given_name="Abdi", family_name="Hassan")
    # Same category: the closer match comes first (PostgreSQL trigram word similarity), not the alphabet.
    assert names(SearchQuery(language="so", name="hassan")) == ["Abdi Hassan", "Abdi Hassanein"]


def test_paging(register):
    first = listings_search(query=SearchQuery(language="ar", limit=2))
    second = listings_search(query=SearchQuery(language="ar", limit=2, offset=2))
    assert [x.name for x in first.listings] == ["Amal Haddad", "Bashir Haddad"]
    assert [x.name for x in second.listings] == ["Chadi Khalil", "Dima Saleh"]
    assert first.total == second.total == 5


def test_withdrawn_consent_leaves_the_results_at_once(register, officer):
    interpreter_update(actor=officer, interpreter=register["a"], publish_municipality=False)
    assert "Amal Haddad" not in names(SearchQuery(language="ar", county="46"))


def test_counting_stops_at_the_cap(register, monkeypatch, client):
    from nyinorge.interpreters.selectors import search

    monkeypatch.setattr(search, "COUNT_CAP", 3)
    result = listings_search(query=SearchQuery(language="ar"))
    assert (result.total, result.total_is_exact, len(result.listings)) == (3, False, 5)
    exact = listings_search(query=SearchQuery(language="ar", min_rank=4))
    assert (exact.total, exact.total_is_exact) == (2, True)
    api = client.get("/api/v1/interpreters/", {"language": "ar"}).json()
    assert (api["total"], api["total_is_exact"], len(api["results"])) == (3, False, 5)
    assert "Mer enn 3 treff" in client.get("/interpreters/", {"language": "ar"}).content.decode()
