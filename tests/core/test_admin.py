import pytest
from django.urls import reverse

from nyinorge.core.models import County, Municipality, Organisation, RoleAssignment, User
from nyinorge.core.roles import Role

pytestmark = pytest.mark.django_db


def test_directorate_administrators_manage_users_without_django_staff_flags(client, make_user, municipality_org):
    admin_user = make_user(Role.DIRECTORATE_ADMINISTRATOR)
    assert not admin_user.is_staff and not admin_user.is_superuser
    client.force_login(admin_user)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:core_user_add")).status_code == 200
    oslo = municipality_org("0301")
    response = client.post(reverse("admin:core_user_add"), {
        "username": "new.caseworker", "organisation": oslo.pk, "usable_password": "false",
        "role_assignments-TOTAL_FORMS": "1", "role_assignments-INITIAL_FORMS": "0",
        "role_assignments-0-role": Role.MUNICIPALITY_CASEWORKER,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    created = User.objects.get(username="new.caseworker")
    assert created.organisation == oslo and created.roles == {Role.MUNICIPALITY_CASEWORKER}


def test_admin_refuses_a_role_that_does_not_fit_the_organisation(client, make_user, municipality_org):
    client.force_login(make_user(Role.DIRECTORATE_ADMINISTRATOR))
    response = client.post(reverse("admin:core_user_add"), {
        "username": "wrong.role", "organisation": municipality_org("0301").pk, "usable_password": "false",
        "role_assignments-TOTAL_FORMS": "1", "role_assignments-INITIAL_FORMS": "0",
        "role_assignments-0-role": Role.DIRECTORATE_CASEWORKER,
    })
    assert response.status_code == 200
    assert "kan ikke gis til en bruker i Oslo kommune" in response.content.decode()
    assert not User.objects.filter(username="wrong.role").exists()
    assert not RoleAssignment.objects.filter(role=Role.DIRECTORATE_CASEWORKER, user__organisation__kind="municipality").exists()


@pytest.mark.parametrize("role", [Role.DIRECTORATE_CASEWORKER, Role.ANALYST])
def test_other_roles_cannot_open_the_admin(client, make_user, role):
    client.force_login(make_user(role))
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.get(reverse("admin:core_user_changelist")).status_code == 302


@pytest.mark.parametrize("model", ["county", "municipality", "organisation"])
def test_reference_data_and_organisations_are_never_deleted_nor_their_people_listed(client, make_user, make_person,
                                                                                    reception_centre, model):
    # The confirmation page of a deletion listed every linked person by name, shielded ones too.
    centre = reception_centre("Slettemottak")
    make_person("0301", given_name="Kommunebeboer", family_name="Slettesjekk")
    make_person(centre=centre, given_name="Mottaksbeboer", family_name="Slettesjekk")
    object_id = {"county": "03", "municipality": "0301", "organisation": centre.pk}[model]
    client.force_login(make_user(Role.DIRECTORATE_ADMINISTRATOR))
    response = client.get(reverse(f"admin:core_{model}_delete", args=[object_id]))
    assert response.status_code == 403
    assert "Slettesjekk" not in response.content.decode()
    response = client.post(reverse(f"admin:core_{model}_changelist"),
                           {"action": "delete_selected", "_selected_action": [object_id], "post": "yes"})
    assert "Slettesjekk" not in response.content.decode()
    assert {"county": County, "municipality": Municipality, "organisation": Organisation}[model].objects.filter(
        pk=object_id).exists()
