"""Weight of each Kompass resident page, compressed as served: HTML (gzip and brotli) plus the CSS and JS it loads
(whitenoise serves the static files' .br/.gz versions) and any fonts (none: the pages use the phone's own fonts).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nyinorge .venv/bin/python bench/competence_pages.py [--language ar]

The limit is 100 kB per page (issue 17). Prints one line per page and exits 1 if a page is over it.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import re
import sys
from pathlib import Path

import brotli

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench._database import fresh_database  # noqa: E402

LIMIT = 100_000


def _compressed(content: bytes) -> dict[str, int]:
    return {"raw": len(content), "gzip": len(gzip.compress(content, 9)), "br": len(brotli.compress(content))}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--language", action="append", help="resident language(s); default so and ar")
    args = parser.parse_args()
    fresh_database("nyinorge_bench_competence")

    from django.contrib.staticfiles import finders
    from django.test import Client
    from django.test.utils import setup_test_environment

    from nyinorge.competence.models import CompetenceRegistration
    from nyinorge.competence.services.access_codes import access_code_issue
    from nyinorge.core.models import Municipality
    from nyinorge.core.roles import Role
    from nyinorge.core.services.organisations import reception_centre_create
    from nyinorge.core.services.people import person_create
    from nyinorge.core.services.reference import directorate
    from nyinorge.core.services.users import user_create

    setup_test_environment()
    centre = reception_centre_create(name="Benkmottak", operator="Drift AS",
                                     host_municipality=Municipality.objects.get(number="3049")).organisation
    staff = user_create(username="bench-mottak", organisation=centre, roles=[Role.RECEPTION_STAFF])
    caseworker = user_create(username="bench-imdi", organisation=directorate(), roles=[Role.DIRECTORATE_CASEWORKER])
    failed = False
    for number, language in enumerate(args.language or ["so", "ar"]):
        person = person_create(actor=caseworker, given_name="Bench", family_name=f"Resident{number}",
                               birth_date=datetime.date(1990, 1, 1), reception_centre=centre,
                               duf_number=f"20200000{number:04d}")
        _record, code = access_code_issue(actor=staff, person=person)
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        pages = {"start": "/competence/"}
        html_start = client.get("/competence/").content
        client.post("/competence/", {"code": code})
        pages |= {"overview": "/competence/me/",
                  **{s: f"/competence/me/{s}/" for s in CompetenceRegistration.Section.values},
                  "summary": "/competence/me/summary/"}
        print(f"{language}: page, HTML br/gzip, assets br, total br (limit {LIMIT // 1000} kB)")
        for name, url in pages.items():
            html = html_start if name == "start" else client.get(url).content
            assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js|woff2?))"', html)
            asset_bytes = 0
            for asset in assets:
                path = finders.find(asset.decode())
                asset_bytes += _compressed(Path(path).read_bytes())["br"]
            page = _compressed(html)
            total = page["br"] + asset_bytes
            failed |= total > LIMIT
            print(f"  {name:<18} HTML {page['br'] / 1000:5.1f}/{page['gzip'] / 1000:5.1f} kB  assets "
                  f"{asset_bytes / 1000:5.1f} kB ({len(assets)} files)  total {total / 1000:5.1f} kB")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
