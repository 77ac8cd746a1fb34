"""The public register (no login): search with htmx filtering, and one interpreter's public profile.

Both read only the listing table, which holds nothing an interpreter did not consent to publish. Public reads of
published data are not audited (anyone may read them); the register's staff pages and exports are.
"""

import math
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from nyinorge.interpreters.categories import rule_table_current
from nyinorge.interpreters.forms import InterpreterSearchForm
from nyinorge.interpreters.selectors.search import COUNT_CAP, listings_of_interpreter, listings_search

PAGE_SIZE = 20


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    form = InterpreterSearchForm(request.GET)
    result = None
    status = 200
    page = 1
    if form.is_valid():
        # Counting stops at COUNT_CAP, so no page lies beyond this one; a page past the last shows the last.
        page = min(form.cleaned_data.get("page") or 1, math.ceil(COUNT_CAP / PAGE_SIZE))
        result = listings_search(query=form.search_query(page_size=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE))
        last = math.ceil(result.total / PAGE_SIZE)
        if page > last >= 1:
            page = last
            result = listings_search(query=form.search_query(page_size=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE))
    else:
        status = 400
    query = urlencode({key: value for key, value in request.GET.items() if key != "page" and value})
    pages = math.ceil(result.total / PAGE_SIZE) if result else 0
    context = {
        "form": form, "result": result, "query_string": query, "page_number": page, "pages": pages,
        "previous_page": page - 1 if page > 1 else None, "next_page": page + 1 if page < pages else None,
        "categories": rule_table_current().categories,
    }
    template = "interpreters/_results.html" if request.headers.get("HX-Request") else "interpreters/search.html"
    return render(request, template, context, status=status)


@require_GET
def profile(request: HttpRequest, interpreter_id: int) -> HttpResponse:
    listings = listings_of_interpreter(interpreter_id=interpreter_id)
    if not listings:
        # The same answer for "no such interpreter" and "not listed": the register does not reveal applicants.
        raise Http404(_("No interpreter with this number is listed in the register."))
    return render(request, "interpreters/profile.html", {"listings": listings, "interpreter": listings[0]})
