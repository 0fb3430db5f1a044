import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # These tests create many users and only ever force_login; slow hashing buys nothing here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
