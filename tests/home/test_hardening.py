"""Sign-in and admin pages that cannot be broken by what people send or do."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse


@pytest.mark.django_db
def test_a_signed_in_operator_opening_the_admin_gets_a_clear_page_not_a_loop(client, operator):
    client.force_login(operator)
    response = client.get("/admin/", follow=True)
    assert len(response.redirect_chain) == 1
    assert response.status_code == 403
    page = response.content.decode()
    assert "Tidak ada akses di sini" in page
    assert f'href="{reverse("bookings:list")}"' in page


@pytest.mark.django_db
def test_a_username_too_long_for_the_records_is_a_form_error(client, operator):
    response = client.post(reverse("login"), {"username": "a" * 256, "password": "salah"})
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert not AccessAttempt.objects.exists()
    assert "_auth_user_id" not in client.session
