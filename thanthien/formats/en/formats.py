"""The English UI keeps the Vietnamese conventions for dates and numbers: dd/mm/yyyy, 100.000.000 đ."""

from thanthien.formats.vi.formats import *  # noqa: F403
