"""The identity cipher: keys from settings, rotation, and refusal without a key."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from thanthien.feedback import crypto


def test_an_identity_round_trips_and_is_not_readable_at_rest():
    token = crypto.encrypt("Nguyễn Thị Hằng, 0987 654 321")

    assert "Hằng" not in token and "0987" not in token
    assert crypto.decrypt(token) == "Nguyễn Thị Hằng, 0987 654 321"


def test_a_rotated_key_still_reads_what_the_old_key_wrote(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FEEDBACK_IDENTITY_KEY = old
    token = crypto.encrypt("Trần Văn Bình")

    settings.FEEDBACK_IDENTITY_KEY = f"{new},{old}"

    assert crypto.decrypt(token) == "Trần Văn Bình"
    assert Fernet(new.encode()).decrypt(crypto.encrypt("x").encode()) == b"x"


def test_without_a_key_nothing_is_written_or_read(settings):
    settings.FEEDBACK_IDENTITY_KEY = ""

    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt("Lê Thị Mai")


def test_a_wrong_key_cannot_read_an_identity(settings):
    token = crypto.encrypt("Lê Thị Mai")
    settings.FEEDBACK_IDENTITY_KEY = Fernet.generate_key().decode()

    with pytest.raises(ImproperlyConfigured):
        crypto.decrypt(token)
