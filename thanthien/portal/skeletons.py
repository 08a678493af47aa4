"""Pages rendered once with markers where their values go, then filled for each visitor ("skeletons").

A public page that differs from one visitor to the next only in a few values (the look-up's dossier, the
address in the language switch) is rendered once per process, commune, language and variant, with a
marker where each value goes; each answer pours in the values, escaped as the template would escape them.
Used by the answers given before the middleware stack (`portal.lookup_fast`, `portal.form_lane`).
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

_MARKED = re.compile("\ue000(\\w+)\ue001")  # private-use characters: left alone by escaping


def mark(name: str) -> str:
    """The marker of the value `name` in a page rendered to become a skeleton."""
    return f"\ue000{name}\ue001"


@dataclass(frozen=True)
class Skeleton:
    """A rendered page cut at its markers: literal text and the names of the values between."""

    parts: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> "Skeleton":
        return cls(tuple(_MARKED.split(text)))

    def fill(self, values: Mapping[str, str]) -> str:
        """The page with each marker's value (escaped by the caller)."""
        parts = list(self.parts)
        parts[1::2] = [values[name] for name in parts[1::2]]
        return "".join(parts)


class MarkedRequest(HttpRequest):
    """An anonymous visitor's GET of `path`, whose full path (the language switch's "next") is a marker."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.method = "GET"
        self.path = self.path_info = path
        self.user = AnonymousUser()

    def get_full_path(self, force_append_slash: bool = False) -> str:
        return mark("path")
