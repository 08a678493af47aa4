"""Who acts, as the type checker sees it: a login (`User`), anyone a request may carry (`AnyUser`), and a
request of the back office (`AuthenticatedRequest`)."""

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from thanthien.units.models import User

# A request's user before anyone checked the login: a User, or Django's anonymous visitor.
AnyUser: TypeAlias = User | AnonymousUser


class AuthenticatedRequest(HttpRequest):
    """A request of a page that is not `login_not_required`: `LoginRequiredExceptApiMiddleware` has sent
    everyone else to the login page, so its user is a login. For annotations only; Django builds requests."""

    user: User
    htmx: HtmxDetails  # django_htmx's HtmxMiddleware sets it on every request


class ApiRequest(HttpRequest):
    """A request of the staff API (`/api/v1/`, a Bearer API key): django-ninja puts the user the key acts as
    in `auth` before the handler runs. For annotations only."""

    auth: User
