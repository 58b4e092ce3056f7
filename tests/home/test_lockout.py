"""Sign-in lockouts behind the documented proxy: a stranger can lock only themselves out.

Every request comes from nginx on 127.0.0.1 (REMOTE_ADDR) and carries the client's address in
X-Forwarded-For and X-Real-IP, exactly as deploy/nginx.conf sends them.
"""

from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.urls import reverse

from home.client import client_address
from tests.conftest import make_user
from tests.factories import PASSWORD

STRANGER = "203.0.113.9"
OPERATOR_ADDRESS = "198.51.100.7"


def behind_proxy(address, proxy="127.0.0.1"):
    """A test client whose requests arrive through nginx from `address`."""
    return Client(
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=address,
        HTTP_X_REAL_IP=address,
    )


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_forwarded_address_is_believed_only_from_a_trusted_proxy(rf):
    from_proxy = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=STRANGER)
    from_ipv6_proxy = rf.get("/", REMOTE_ADDR="::1", HTTP_X_REAL_IP=STRANGER)
    from_outside = rf.get(
        "/", REMOTE_ADDR=STRANGER, HTTP_X_FORWARDED_FOR="10.0.0.1", HTTP_X_REAL_IP="10.0.0.1"
    )
    # The client wrote an address of its own; nginx appended the one it saw.
    spoofed = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.9.9.9, {STRANGER}")
    junk = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="<script>")
    assert client_address(from_proxy) == STRANGER
    assert client_address(from_ipv6_proxy) == STRANGER
    assert client_address(from_outside) == STRANGER
    assert client_address(spoofed) == STRANGER
    assert client_address(junk) == "127.0.0.1"


def test_trusted_proxies_come_from_the_setting(rf, settings):
    settings.PORTAL_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(rf.get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_REAL_IP=STRANGER)) == (
        STRANGER
    )
    # 127.0.0.1 is no longer trusted: its forwarded header is ignored.
    assert client_address(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP=STRANGER)) == (
        "127.0.0.1"
    )


@pytest.mark.django_db
def test_a_stranger_failing_on_an_operators_name_does_not_lock_the_operator_out(operator):
    stranger = behind_proxy(STRANGER)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(stranger, "op-batu", "salah")
    # The stranger is locked out, even with the right password...
    refused = sign_in(stranger, "op-batu", PASSWORD)
    assert refused.status_code == 429
    assert "Terlalu banyak percobaan masuk" in refused.content.decode()
    # ...and the operator, through the same nginx from their own address, is not.
    owner = behind_proxy(OPERATOR_ADDRESS)
    response = sign_in(owner, "op-batu", PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in owner.session
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {STRANGER}


@pytest.mark.django_db
def test_password_spraying_over_many_usernames_locks_the_address(villages, operator):
    for number in range(6):
        make_user(None, f"op-lain-{number}")
    sprayer = behind_proxy(STRANGER)
    answers = []
    for number in range(6):
        for _ in range(4):  # below the per-username limit of 5
            answers.append(sign_in(sprayer, f"op-lain-{number}", "salah").status_code)
    assert settings.AXES_FAILURE_LIMIT > 4
    assert 429 in answers
    # Locked for every username from that address, the right password included.
    assert sign_in(sprayer, "op-batu", PASSWORD).status_code == 429
    assert "_auth_user_id" not in sprayer.session
    # The operator at another address is not affected.
    owner = behind_proxy(OPERATOR_ADDRESS)
    assert sign_in(owner, "op-batu", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_few_mistakes_over_several_usernames_lock_nothing(villages, operator):
    for number in range(3):
        make_user(None, f"op-lain-{number}")
    office = behind_proxy(OPERATOR_ADDRESS)
    for number in range(3):
        for _ in range(2):
            assert sign_in(office, f"op-lain-{number}", "salah").status_code == 200
    assert sign_in(office, "op-batu", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_forged_forwarded_headers_from_outside_do_not_escape_the_lockout(operator):
    for number in range(settings.AXES_FAILURE_LIMIT):
        forged = f"10.0.0.{number + 1}"
        client = Client(REMOTE_ADDR=STRANGER, HTTP_X_FORWARDED_FOR=forged, HTTP_X_REAL_IP=forged)
        sign_in(client, "op-batu", "salah")
    client = Client(REMOTE_ADDR=STRANGER, HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert sign_in(client, "op-batu", PASSWORD).status_code == 429


def test_the_nginx_recipe_forwards_both_headers():
    recipe = (Path(settings.BASE_DIR) / "deploy" / "nginx.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in recipe
    assert "proxy_set_header X-Real-IP $remote_addr;" in recipe
