"""Community bodies join a village by invitation only: the village's operator (or staff)
invites by e-mail, the one-time link makes the account, withdrawing ends its access."""

import datetime
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from home import bodies
from home.models import BodyInvitation, BodyKind, CommunityBody, UserProfile
from home.roles import body_of, requester_of
from tests.conftest import make_body, make_member
from tests.factories import BookingFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kuat-sekali-2026"


def _invite(client, **data):
    values = {
        "kind": BodyKind.objects.get(slug="bpd").pk,
        "name": "BPD Batu Piring",
        "email": "ketua.bpd@example.test",
    }
    values.update(data)
    return client.post(reverse("body_manage"), values)


def _link(message):
    return re.search(r"http\S+/lembaga/undangan/\S+/", message.body).group(0)


def _path(link):
    return link.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_kinds_of_body_are_seeded_reference_data():
    assert list(BodyKind.objects.values_list("slug", flat=True)) == [
        "bpd",
        "lpm",
        "pkk",
        "karang-taruna",
        "posyandu",
        "lainnya",
    ]


def test_operator_invites_by_email_and_the_link_makes_the_account_once(
    client, operator, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client)
    assert response.status_code == 302
    body = CommunityBody.objects.get()
    assert (body.village, body.kind.slug, body.email) == (
        operator.profile.village,
        "bpd",
        "ketua.bpd@example.test",
    )
    (message,) = mailoutbox
    assert message.to == ["ketua.bpd@example.test"]
    assert message.subject == "[RUKO PARSEL] Undangan untuk BPD Batu Piring"
    assert "mengundang BPD Batu Piring" in message.body
    link = _link(message)
    token = link.rstrip("/").rsplit("/", 1)[1]
    # Only the hash is stored.
    invitation = BodyInvitation.objects.get()
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64

    visitor = Client()
    page = visitor.get(_path(link))
    assert page.status_code == 200
    assert "Buat akun lembaga Anda" in page.content.decode()
    response = visitor.post(
        _path(link),
        {
            "username": "bpd-batu",
            "full_name": "Rahmah",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("bookings:list")
    user = UserProfile.objects.get(body=body).user
    assert (user.username, user.email, user.first_name) == (
        "bpd-batu",
        "ketua.bpd@example.test",
        "Rahmah",
    )
    assert body_of(user) == body and requester_of(user).village == body.village
    assert requester_of(user).body == body
    assert visitor.get(reverse("bookings:list")).status_code == 200

    # The link works once.
    again = Client().post(
        _path(link),
        {
            "username": "lain",
            "full_name": "X",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert again.status_code == 404
    assert "Tautan undangan ini sudah tidak berlaku" in again.content.decode()
    assert UserProfile.objects.filter(body=body).count() == 1


def test_invitation_expires_after_seven_days(
    client, operator, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client)
    path = _path(_link(mailoutbox[0]))
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        response = Client().post(
            path,
            {
                "username": "terlambat",
                "full_name": "X",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )
    assert response.status_code == 404
    assert not UserProfile.objects.filter(body__isnull=False).exists()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=6, hours=23)):
        assert Client().get(path).status_code == 200


def test_unknown_or_junk_tokens_find_nothing(client, db):
    for token in ("salah", "x" * 300, "%00"):
        response = client.get(f"/lembaga/undangan/{token}/")
        assert response.status_code == 404
        assert "Undangan tidak berlaku lagi" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "bukan-email"}, "email", "Masukkan alamat email yang valid."),
        ({"name": "   "}, "name", "harus diisi."),
        ({"kind": "999"}, "kind", "Masukkan pilihan yang valid."),
    ],
)
def test_bad_invitation_input_is_refused_in_indonesian_and_changes_nothing(
    client, operator, mailoutbox, data, field, message
):
    client.force_login(operator)
    response = _invite(client, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CommunityBody.objects.exists() and not BodyInvitation.objects.exists()
    assert not mailoutbox


def test_a_body_name_keeps_its_kind_and_a_withdrawn_body_is_not_invited_again(
    client, operator, bpd
):
    client.force_login(operator)
    response = _invite(client, kind=BodyKind.objects.get(slug="pkk").pk, name="bpd batu piring")
    assert response.status_code == 400
    assert "sudah terdaftar di desa ini sebagai BPD" in response.content.decode()
    bodies.body_withdraw(by=operator, body=bpd)
    response = _invite(client)
    assert response.status_code == 400
    assert "sudah dicabut dari desa ini" in response.content.decode()
    assert not BodyInvitation.objects.exists()


def test_accepting_checks_the_form_in_indonesian(client, operator, bpd, staff_user):
    _invitation, token = bodies.body_invite(
        by=operator, village=bpd.village, kind=bpd.kind, name=bpd.name, email="a@example.test"
    )
    path = reverse("body_invitation", args=[token])
    response = Client().post(
        path,
        {"username": staff_user.username, "full_name": "X", "password1": "a", "password2": "b"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Nama pengguna ini sudah dipakai" in html
    assert "Kedua kata sandi tidak sama" in html
    response = Client().post(
        path, {"username": "baru", "full_name": "X", "password1": "123", "password2": "123"}
    )
    assert response.status_code == 400 and "Kata sandi terlalu pendek" in response.content.decode()
    assert not UserProfile.objects.filter(body=bpd).exists()
    assert BodyInvitation.objects.get().used_at is None


def test_a_signed_in_person_is_asked_to_sign_out_first(client, operator, bpd):
    _invitation, token = bodies.body_invite(
        by=operator, village=bpd.village, kind=bpd.kind, name=bpd.name, email="a@example.test"
    )
    client.force_login(operator)
    response = client.get(reverse("body_invitation", args=[token]))
    assert response.status_code == 409
    assert "Keluar dahulu" in response.content.decode()


@pytest.fixture
def booking_for_body(bpd, bpd_member, room):
    from bookings.models import BookingHistory

    booking = BookingFactory(room=room, village=bpd.village, body=bpd, requested_by=bpd_member)
    BookingHistory.objects.create(
        booking=booking, by=bpd_member, action="request", to_status="pending"
    )
    return booking


def test_withdrawing_ends_access_and_keeps_the_history(
    client, operator, bpd, bpd_member, booking_for_body
):
    member_client = Client()
    member_client.force_login(bpd_member)
    assert member_client.get(reverse("bookings:list")).status_code == 200
    _invitation, token = bodies.body_invite(
        by=operator, village=bpd.village, kind=bpd.kind, name=bpd.name, email="b@example.test"
    )
    client.force_login(operator)
    response = client.post(reverse("body_withdraw", args=[bpd.pk]))
    assert response.status_code == 302
    bpd.refresh_from_db()
    bpd_member.refresh_from_db()
    assert not bpd.active and bpd.withdrawn_at is not None
    assert not bpd_member.is_active
    # Signed out at the next request, and cannot sign in again.
    response = member_client.get(reverse("bookings:list"))
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")
    signin = Client().post(
        reverse("login"), {"username": "bpd-batu", "password": "a-Strong-pass-123"}
    )
    assert signin.status_code == 200 and "_auth_user_id" not in signin.client.session
    # Its open invitation no longer works; its request and history stay.
    assert Client().get(reverse("body_invitation", args=[token])).status_code == 404
    booking_for_body.refresh_from_db()
    assert booking_for_body.body == bpd and booking_for_body.history.exists()
    page = client.get(reverse("body_manage")).content.decode()
    assert "dicabut pada" in page


def test_only_the_villages_operator_or_staff_manage_its_bodies(
    client, operator, other_operator, bpd, bpd_member, staff_user
):
    # Anonymous visitors are sent to sign in.
    response = Client().get(reverse("body_manage"))
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")
    # Another village's operator does not see this village's body, nor withdraw it.
    client.force_login(other_operator)
    assert bpd.name not in client.get(reverse("body_manage")).content.decode()
    assert client.post(reverse("body_withdraw", args=[bpd.pk])).status_code == 404
    # A body's member manages nothing.
    client.force_login(bpd_member)
    assert client.get(reverse("body_manage")).status_code == 403
    assert client.post(reverse("body_withdraw", args=[bpd.pk])).status_code == 404
    bpd.refresh_from_db()
    assert bpd.active
    # The guard is in the service too.
    with pytest.raises(PermissionDenied):
        bodies.body_withdraw(by=other_operator, body=bpd)
    bpd.refresh_from_db()
    assert bpd.active


def test_staff_invite_and_withdraw_for_any_village(
    client, staff_user, villages, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff_user)
    village = villages[3]
    page = client.get(reverse("body_manage"), {"desa": village.pk}).content.decode()
    assert f"<h2>{village}</h2>" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("body_manage") + f"?desa={village.pk}",
            {
                "desa": village.pk,
                "kind": BodyKind.objects.get(slug="karang-taruna").pk,
                "name": "Karang Taruna Bina Remaja",
                "email": "kt@example.test",
            },
        )
    assert response.status_code == 302
    body = CommunityBody.objects.get(village=village)
    assert body.kind.slug == "karang-taruna" and mailoutbox[0].to == ["kt@example.test"]
    client.post(reverse("body_withdraw", args=[body.pk]))
    body.refresh_from_db()
    assert not body.active


def test_an_account_acts_for_a_village_office_or_a_body_never_both(operator, bpd):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        UserProfile.objects.filter(user=operator).update(body=bpd)
    member = make_member("dua", make_body(bpd.village, "lpm", "LPM Batu Piring"))
    assert requester_of(member).body.kind.slug == "lpm"
