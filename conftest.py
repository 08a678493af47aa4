"""Shared personas: a province with two communes, and people holding each role in them."""

import pytest
from django.core.cache import cache

from thanthien.core.process_cache import forget_all as forget_process_caches
from thanthien.core.public_cache import store as public_pages
from thanthien.core.ratelimit import forget_local_counts
from thanthien.units.models import Membership, Role, Unit, User


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.OTP_REQUIRED = False


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_at_once():
    # Background tasks run in the test's own process and memory, never in the data folder's queue.
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True


@pytest.fixture(autouse=True)
def _outbox_in_tmp(settings, tmp_path):
    settings.DATA_DIR = tmp_path


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    # A per-process cache, emptied around every test: cached state never leaks between tests.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    public_pages.clear()
    forget_local_counts()
    forget_process_caches()
    yield
    cache.clear()
    public_pages.clear()
    forget_local_counts()
    forget_process_caches()


@pytest.fixture(autouse=True)
def _counts_at_each_write(request):
    """A test's transaction is rolled back, never committed: on PostgreSQL the count triggers, which fire at
    the commit, fire at each write instead, so a test reads the buckets of what it has just written. Tests
    that commit (transactional ones, the browser's) count at the commit, as production does."""
    marker = request.node.get_closest_marker("django_db")
    uses_db = marker is not None or "db" in request.fixturenames or "transactional_db" in request.fixturenames
    commits = "transactional_db" in request.fixturenames or (
        marker is not None
        and bool(marker.kwargs.get("transaction", marker.args[0] if marker.args else False))
    )
    if uses_db and not commits:
        request.getfixturevalue("_django_db_helper")
        from django.db import connection

        from thanthien.reports.summaries import count_at_each_write

        count_at_each_write(connection)


def make_unit(code: str, name: str, level: str, parent: Unit | None = None, **extra) -> Unit:
    kind = {"province": "province", "commune": "commune", "village": "village", "district": "district"}[level]
    path = f"{parent.path}/{code}" if parent else code
    return Unit.objects.create(
        code=code, name=name, level=level, kind=kind, parent=parent, path=path, **extra
    )


def make_person(username: str, unit: Unit, role: str | None, full_name: str = "") -> User:
    user = User.objects.create_user(
        username=username, password="mật-khẩu-thử-1", full_name=full_name or username
    )
    if role:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def province(db) -> Unit:
    return make_unit("38", "Tỉnh Thanh Hóa", "province")


@pytest.fixture
def commune(province) -> Unit:
    return make_unit("38-hc", "Xã Hoằng Cát", "commune", province, slug="hoang-cat")


@pytest.fixture
def other_commune(province) -> Unit:
    return make_unit("38-hx", "Xã Hoằng Xuân", "commune", province, slug="hoang-xuan")


@pytest.fixture
def officer(commune) -> User:
    return make_person("canbo", commune, Role.DESK_OFFICER, "Lê Thị Một Cửa")


@pytest.fixture
def leader(commune) -> User:
    return make_person("chutich", commune, Role.LEADER, "Nguyễn Văn Chủ Tịch")


@pytest.fixture
def outsider_officer(other_commune) -> User:
    return make_person("canbo_xa_khac", other_commune, Role.DESK_OFFICER, "Trần Văn Khác")


@pytest.fixture
def reviewer(province) -> User:
    return make_person("thamdinh", province, Role.REVIEWER, "Phạm Thẩm Định")
