"""Admin sign-in: throttled and locked after five wrong passwords, with a clear page; an
editor can unlock; passwords of at least 12 characters; `make run`'s accounts still work."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def sign_in(client, username, password):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
    )


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client):
    UserFactory(username="rita", groups=["Reporters"])
    for _ in range(4):
        response = sign_in(client, "rita", "guess")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    locked = sign_in(client, "rita", "guess")
    assert locked.status_code == 429
    response = sign_in(client, "rita", PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Sign-in locked for now" in body
    assert "Too many wrong passwords for <strong>rita</strong>" in body
    assert "ask an editor to unlock" in body
    assert "_auth_user_id" not in client.session


def test_the_right_password_works_and_resets_the_count_before_the_limit(client):
    UserFactory(username="rita", groups=["Reporters"])
    for _ in range(4):
        sign_in(client, "rita", "guess")
    assert sign_in(client, "rita", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, "rita", "guess")
    assert sign_in(client, "rita", PASSWORD).status_code == 302


def test_a_lockout_is_per_account_and_address_not_for_everyone(client):
    UserFactory(username="rita", groups=["Reporters"])
    UserFactory(username="ed", groups=["Editors"])
    for _ in range(5):
        sign_in(client, "rita", "guess")
    assert sign_in(client, "ed", PASSWORD).status_code == 302


def test_an_editor_unlocks_an_account_in_the_admin(client):
    from axes.models import AccessAttempt

    UserFactory(username="rita", groups=["Reporters"])
    editor = UserFactory(username="ed", groups=["Editors"])
    for _ in range(5):
        sign_in(client, "rita", "guess")
    assert sign_in(client, "rita", PASSWORD).status_code == 429

    client.force_login(editor)
    listing = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and "rita" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="rita")
    response = client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    client.logout()
    assert sign_in(client, "rita", PASSWORD).status_code == 302


def test_reporters_cannot_unlock_accounts(client):
    client.force_login(UserFactory(username="rita", groups=["Reporters"]))
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


def test_passwords_need_twelve_characters():
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Tr0ub4dor&3")
    validate_password("a-long-enough-passphrase")


def test_make_runs_bootstrap_accounts_have_passwords_the_rules_accept(client, db):
    from newsroom.bootstrap import bootstrap_site

    _loaded, accounts = bootstrap_site()
    assert accounts
    for account in accounts:
        validate_password(account.password)
        assert sign_in(client, account.username, account.password).status_code == 302
        client.logout()
