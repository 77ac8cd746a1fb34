"""Kompass routes: the residents' own pages (code login, sections, summary) and the staff's pages beside them."""

from django.urls import path

from nyinorge.competence.views import resident, staff_registration as staff

urlpatterns = [
    path("", resident.resident_start, name="resident_start"),
    path("me/", resident.resident_overview, name="resident_overview"),
    path("me/summary/", resident.resident_summary, name="resident_summary"),
    path("me/summary.pdf", resident.resident_summary_pdf, name="resident_summary_pdf"),
    path("me/<slug:section>/", resident.resident_section, name="resident_section"),
    path("occupations/", resident.occupation_search, name="occupation_search"),
    path("residents/", staff.staff_residents, name="staff_residents"),
    path("residents/<id:person_id>/code/", staff.staff_issue_code, name="staff_issue_code"),
    path("registrations/<id:person_id>/", staff.staff_registration, name="staff_registration"),
    path("registrations/<id:person_id>/registration.pdf", staff.staff_registration_pdf,
         name="staff_registration_pdf"),
    path("registrations/<id:person_id>/registration.xlsx", staff.staff_registration_xlsx,
         name="staff_registration_xlsx"),
]
