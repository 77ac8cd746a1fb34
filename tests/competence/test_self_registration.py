"""Kompass self-registration: code login, sections saved as the resident goes, validation, summary, staff view."""

import datetime
import re

import pytest
from django.urls import reverse

from nyinorge.competence.models import CompetenceRegistration, ResidentAccessCode
from nyinorge.competence.services.access_codes import ALPHABET, access_code_issue, code_hash
from nyinorge.core.models import AuditEntry
from nyinorge.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre(reception_centre):
    return reception_centre("Testmottak Lier")


@pytest.fixture
def staff(make_user, centre):
    return make_user(Role.RECEPTION_STAFF, centre)


@pytest.fixture
def resident(make_person, centre):
    return make_person(centre=centre, birth_date=datetime.date(1990, 5, 17))


def _code(staff, resident) -> str:
    _record, code = access_code_issue(actor=staff, person=resident)
    return code


def _login(client, staff, resident, language="en"):
    client.cookies["nyinorge_language"] = language
    response = client.post(reverse("competence:resident_start"), {"code": _code(staff, resident)})
    assert response.status_code == 302, response.content[:500]
    return client


def test_code_is_stored_only_as_hash_and_has_no_lookalikes(staff, resident):
    record, code = access_code_issue(actor=staff, person=resident)
    assert len(code) == 8 and set(code) <= set(ALPHABET) and not set(code) & set("0O1IL2Z5S8B")
    assert record.code_hash == code_hash(code) and code not in record.code_hash
    assert abs(record.expires_at - record.issued_at - datetime.timedelta(days=14)) < datetime.timedelta(seconds=1)


def test_code_logs_in_once(client, staff, resident):
    code = _code(staff, resident)
    start = reverse("competence:resident_start")
    assert client.post(start, {"code": code.lower()[:4] + "-" + code.lower()[4:]}).status_code == 302
    client.logout()
    assert client.post(start, {"code": code}).status_code == 400  # used
    assert CompetenceRegistration.objects.filter(person=resident).exists()


def test_an_expired_code_does_not_log_in(client, staff, resident):
    record, code = access_code_issue(actor=staff, person=resident)
    ResidentAccessCode.objects.filter(pk=record.pk).update(issued_at=record.issued_at - datetime.timedelta(days=15),
                                                           expires_at=record.issued_at - datetime.timedelta(days=1))
    client.cookies["nyinorge_language"] = "en"
    response = client.post(reverse("competence:resident_start"), {"code": code})
    assert response.status_code == 400 and b"wrong, used or too old" in response.content
    assert not CompetenceRegistration.objects.filter(person=resident).exists()


def test_wrong_codes_are_limited(client, staff, resident):
    client.cookies["nyinorge_language"] = "en"
    start = reverse("competence:resident_start")
    for _attempt in range(5):
        assert client.post(start, {"code": "AAAA-AAAA"}).status_code == 400
    good = _code(staff, resident)
    response = client.post(start, {"code": good})
    assert response.status_code == 400 and b"Too many wrong codes" in response.content


def test_children_under_16_get_no_code(staff, make_person, centre):
    child = make_person(centre=centre, birth_date=datetime.date.today() - datetime.timedelta(days=15 * 366))
    with pytest.raises(Exception, match="16"):
        access_code_issue(actor=staff, person=child)


def test_sections_save_as_you_go_and_bump_the_version(client, staff, resident):
    _login(client, staff, resident)
    registration = CompetenceRegistration.objects.get(person=resident)
    url = reverse("competence:resident_section", args=["schooling"])
    response = client.post(url, {"schooling_country": "SY", "schooling_years": "12", "highest_level": "3",
                                 "go": "next"})
    assert response.status_code == 302 and response["Location"].endswith("/higher_education/")
    registration.refresh_from_db()
    assert registration.schooling_years == 12 and "schooling" in registration.sections_done
    assert registration.version == 2
    work = reverse("competence:resident_section", args=["work"])
    assert client.post(work, {"0-occupation": "7115", "0-years": "6", "0-sector": "private", "0-country": "SY",
                              "0-description": "Tømrer", "go": "next"}).status_code == 302
    registration.refresh_from_db()
    assert registration.work_experiences.get().occupation == "7115" and registration.version == 3
    # Resume where they left off: the overview's continue goes to the first section not done.
    overview = client.get(reverse("competence:resident_overview"))
    assert reverse("competence:resident_section", args=["languages"]).encode() in overview.content


@pytest.mark.parametrize("data, message", [
    ({"schooling_years": "45", "highest_level": "3"}, b"more years of school than is possible"),
    ({"schooling_years": "3", "highest_level": "7"}, b"too few years for the level"),
    ({"schooling_years": "4", "highest_level": "none"}, b"No schooling"),
])
def test_impossible_schooling_is_refused_and_nothing_saved(client, staff, resident, data, message):
    _login(client, staff, resident)
    response = client.post(reverse("competence:resident_section", args=["schooling"]), {**data, "go": "next"})
    assert response.status_code == 400 and message in response.content
    registration = CompetenceRegistration.objects.get(person=resident)
    assert registration.schooling_years is None and registration.version == 1


def test_unknown_occupation_future_year_and_too_many_years(client, staff, resident):
    _login(client, staff, resident)
    work = reverse("competence:resident_section", args=["work"])
    response = client.post(work, {"0-occupation": "9999", "0-years": "2", "go": "next"})
    assert response.status_code == 400 and b"do not know this occupation code" in response.content
    response = client.post(work, {"0-occupation": "7115", "0-years": "40", "go": "next"})
    assert response.status_code == 400 and b"more years of work" in response.content
    qualifications = reverse("competence:resident_section", args=["qualifications"])
    response = client.post(qualifications, {"0-kind": "certificate", "0-title": "Sveis",
                                            "0-year_completed": str(datetime.date.today().year + 1), "go": "next"})
    assert response.status_code == 400 and b"cannot be in the future" in response.content
    response = client.post(qualifications, {"0-kind": "certificate", "0-title": "Sveis", "0-year_completed": "1985",
                                            "go": "next"})
    assert response.status_code == 400 and b"before you were old enough" in response.content
    assert not CompetenceRegistration.objects.get(person=resident).qualifications.exists()


def test_occupation_search_without_javascript(client, staff, resident):
    _login(client, staff, resident)
    work = reverse("competence:resident_section", args=["work"])
    response = client.post(work, {"0-occupation_q": "carpenter", "search": "0"})
    assert response.status_code == 200 and b'value="7115"' in response.content
    assert client.post(work, {"0-occupation_pick": "7115", "0-years": "3", "go": "next"}).status_code == 302
    fragment = client.get(reverse("competence:occupation_search"), {"q": "nurs", "row": "1"}, HTTP_HX_REQUEST="true")
    assert b'name="1-occupation_pick" value="2221"' in fragment.content


def test_arabic_page_is_rtl_and_marks_missing_texts(client, staff, resident):
    _login(client, staff, resident, "ar")
    response = client.get(reverse("competence:resident_section", args=["schooling"]))
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    # Every text is either translated, or shown in English marked as such (and the page says so).
    if 'class="rt-missing"' in html:
        assert 'lang="en" class="rt-missing" dir="ltr"' in html


def test_resident_sees_only_own_pages(client, staff, resident):
    _login(client, staff, resident)
    assert client.get(reverse("competence:staff_residents")).status_code in (302, 403)
    assert client.get(reverse("competence:staff_registration", args=[resident.pk])).status_code in (302, 403)
    assert client.get(reverse("people:detail", args=[resident.pk])).status_code in (302, 403)


def test_staff_issue_code_and_see_registration_in_bokmal(login, staff, resident, client):
    page = login(staff).get(reverse("competence:staff_residents"))
    assert page.status_code == 200 and resident.full_name in page.content.decode()
    slip = login(staff).post(reverse("competence:staff_issue_code", args=[resident.pk]), {"language": "ar"})
    assert slip.status_code == 200
    code = re.search(r"([A-Z0-9]{4}-[A-Z0-9]{4})", slip.content.decode()).group(1)
    assert ResidentAccessCode.objects.get(person=resident).code_hash == code_hash(code)
    assert 'lang="ar" dir="rtl"' in slip.content.decode()
    before = AuditEntry.objects.count()
    view = client.get(reverse("competence:staff_registration", args=[resident.pk]))
    assert view.status_code == 200
    assert AuditEntry.objects.count() == before + 1


def test_pdf_and_excel_exports(login, staff, resident, client):
    CompetenceRegistration.objects.create(person=resident, language="ar", wish_work="نجار")
    pdf = login(staff).get(reverse("competence:staff_registration_pdf", args=[resident.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    xlsx = login(staff).get(reverse("competence:staff_registration_xlsx", args=[resident.pk]))
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")


@pytest.mark.parametrize("language", ["ar", "prs", "ps", "ti", "so", "uk", "kmr", "ckb"])
def test_every_resident_language_has_its_pages_translated(client, staff, resident, language):
    _login(client, staff, resident, language)
    for url in (reverse("competence:resident_overview"),
                *(reverse("competence:resident_section", args=[s]) for s in CompetenceRegistration.Section.values),
                reverse("competence:resident_summary")):
        html = client.get(url).content.decode()
        assert f'<html lang="{language}"' in html
        assert "rt-missing" not in html and "[EN]" not in html, (
            url, re.findall(r'class="rt-missing"[^>]*>([^<]*)|>([^<>]*\[EN\])', html))


def test_a_missing_translation_falls_back_visibly(client, staff, resident):
    from django.utils.translation import trans_real

    _login(client, staff, resident, "ar")
    catalog = trans_real.translation("ar")._catalog
    msgid = "How many years did you go to school?"
    saved = catalog[msgid]
    # Remove one Arabic msgstr, as if the translator had not done it yet.
    for layer in catalog._catalogs:
        layer.pop(msgid, None)
    try:
        html = client.get(reverse("competence:resident_section", args=["schooling"])).content.decode()
    finally:
        catalog._catalogs[0][msgid] = saved
    assert f'<span lang="en" class="rt-missing" dir="ltr">{msgid}</span>' in html
    assert "بعض النص في هذه الصفحة غير مترجم إلى لغتك بعد" in html  # the notice, in Arabic
    assert '<html lang="ar" dir="rtl">' in html


def test_staff_pages_stay_in_bokmal_or_english(login, staff, client):
    client.cookies["nyinorge_language"] = "ar"
    html = login(staff).get(reverse("competence:staff_residents")).content.decode()
    assert '<html lang="en" dir="ltr"' in html


def test_free_text_translation_is_optional_and_marked(login, staff, resident, client, settings):
    CompetenceRegistration.objects.create(person=resident, language="ar", wish_work="أريد أن أعمل نجارًا")
    url = reverse("competence:staff_registration", args=[resident.pk])
    settings.COMPETENCE_TRANSLATOR = "none"
    page = login(staff).get(url, {"translate": "1"}).content.decode()
    assert 'href="?translate=1"' not in page and "[ar→nb]" not in page
    assert "أريد أن أعمل نجارًا" in page  # as the resident wrote it
    settings.COMPETENCE_TRANSLATOR = "nyinorge.competence.translators.bracketing_translator"
    page = client.get(url).content.decode()
    assert 'href="?translate=1"' in page and "[ar→nb]" not in page  # only on request
    page = client.get(url, {"translate": "1"}).content.decode()
    assert "[ar→nb] أريد أن أعمل نجارًا" in page and "Maskinoversatt til bokmål" in page
    assert "أريد أن أعمل نجارًا" in page.split("Maskinoversatt")[0]  # the original stays, above the translation


def test_occupation_labels_fall_back_visibly_outside_english_and_bokmal():
    from django.utils import translation

    from nyinorge.competence import occupations

    assert str(occupations.label("7115", "nb")) == "7115 Tømrere og snekkere"
    with translation.override("ar"):
        label = str(occupations.label("7115", "ar"))
    assert label.startswith("<bdi>7115</bdi> ") and '<span lang="en" dir="ltr">Carpenters and joiners</span>' in label
    assert len([o for o in occupations.occupations().values() if o.level == 2]) == 43
    assert len([o for o in occupations.occupations().values() if o.level == 1]) == 10
    assert set(occupations.GROUP_LABELS) == {o.code for o in occupations.occupations().values() if o.level < 4}
    assert all(occupations.GROUP_LABELS[o.code] == o.title_en for o in occupations.occupations().values()
               if o.level < 4)
    assert all(o.sub_major in occupations.GROUP_LABELS for o in occupations.occupations().values())
