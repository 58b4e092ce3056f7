import re

import pytest
from django.urls import reverse

from home import roles
from tests.conftest import make_user

PASSWORD = "a-Strong-pass-123"


@pytest.mark.django_db
def test_operator_signs_in_on_the_public_page_and_lands_on_the_account(client, operator):
    response = client.post(reverse("login"), {"username": "op-batu", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account")
    page = client.get(reverse("account")).content.decode()
    assert "Kelurahan Batu Piring" in page
    assert 'href="/admin/"' not in page


@pytest.mark.django_db
def test_staff_asking_for_the_admin_are_sent_on_to_it(client, staff_user):
    assert client.get("/admin/")["Location"].startswith(reverse("login") + "?next=/admin/")
    response = client.post(
        reverse("login") + "?next=/admin/",
        {"username": "staf", "password": PASSWORD, "next": "/admin/"},
    )
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_operator_cannot_open_the_admin(client, operator):
    client.force_login(operator)
    response = client.get("/admin/")
    # Wagtail sends a user without admin access to the sign-in page, never to the dashboard.
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_wrong_password_gives_a_translated_error(client, operator):
    response = client.post(reverse("login"), {"username": "op-batu", "password": "salah"})
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi tidak benar." in response.content.decode()


@pytest.mark.django_db
def test_repeated_failures_lock_the_account_out_even_with_the_right_password(
    client, operator, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "op-batu", "password": "salah"})
    response = client.post(reverse("login"), {"username": "op-batu", "password": PASSWORD})
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_by_email_lets_the_user_choose_a_new_password(client, operator, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": operator.email})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [operator.email]
    assert "kata sandi" in message.subject.lower()
    link = re.search(r"http://testserver(/masuk/sandi-baru/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    new = "Baru-sekali-789!"
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert response["Location"] == reverse("password_reset_complete")
    operator.refresh_from_db()
    assert operator.check_password(new)


@pytest.mark.django_db
def test_sign_out_is_a_post(client, operator):
    client.force_login(operator)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_roles_exist_as_groups_and_profile_links_operator_to_one_village(
    django_user_model, villages
):
    from django.contrib.auth.models import Group

    names = set(Group.objects.values_list("name", flat=True))
    assert {roles.EDITORS, roles.MODERATORS, roles.STAFF, roles.OPERATORS} <= names
    user = make_user(django_user_model, "op-x", group=roles.OPERATORS, village=villages[1])
    assert roles.village_of(user) == villages[1]
    assert roles.is_staff_member(user) is False


@pytest.mark.django_db
def test_role_checks_read_the_groups_once_per_user_object(
    django_user_model, staff_user, django_assert_num_queries
):
    user = django_user_model.objects.get(pk=staff_user.pk)
    with django_assert_num_queries(1):
        assert roles.is_staff_member(user)
        assert roles.in_group(user, roles.STAFF)
        assert not roles.in_group(user, roles.OPERATORS)


@pytest.mark.django_db
def test_profile_village_and_staff_check_are_one_statement_for_everyone_with_a_profile(
    django_user_model, villages, section, django_assert_num_queries
):
    """The written-out profile statement gives what the ORM gave: the profile with its village
    (or none), the user it belongs to, and whether the user is kecamatan staff."""
    operator = make_user(django_user_model, "op-a", group=roles.OPERATORS, village=villages[1])
    staff = make_user(django_user_model, "staf-a", group=roles.STAFF, section=section)
    nobody = make_user(django_user_model, "tanpa-profil")
    for user, village, is_staff in ((operator, villages[1], False), (staff, None, True)):
        user = django_user_model.objects.get(pk=user.pk)
        with django_assert_num_queries(1):
            assert roles.village_of(user) == village
            assert roles.is_staff_member(user) is is_staff
            profile = roles.profile_of(user)
            assert profile.user is user and profile.village == village
        expected = django_user_model.objects.get(pk=user.pk).profile
        assert [getattr(profile, f.attname) for f in profile._meta.concrete_fields] == [
            getattr(expected, f.attname) for f in expected._meta.concrete_fields
        ]
        if village is not None:
            assert profile.village.active is True and profile.village.code == village.code
    nobody = django_user_model.objects.get(pk=nobody.pk)
    assert roles.profile_of(nobody) is None and roles.village_of(nobody) is None
    assert roles.is_staff_member(nobody) is False
