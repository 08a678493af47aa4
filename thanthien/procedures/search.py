"""Searching the catalogue without diacritics: "dang ky ket hon" finds "Đăng ký kết hôn".

`Procedure.search_key` holds the folded code, name and field, so a plain substring filter on it behaves the
same on SQLite and PostgreSQL whatever the query's accents or case.
"""

import re

from django.db.models import Q, QuerySet

from thanthien.core.text import fold_vietnamese
from thanthien.procedures.models import Procedure


def search_words(query: str) -> list[str]:
    """Return the folded words of a query: "Kết hôn, XA-HT" → ["ket", "hon", "xa", "ht"]."""
    return re.findall(r"[0-9a-z]+", fold_vietnamese(query))


def search_procedures(queryset: QuerySet[Procedure], query: str) -> QuerySet[Procedure]:
    """Return the procedures whose code, name or field contain every word of `query`, or whose national
    code is `query` ("1.001193"), by field and name."""
    folded = search_words(query)
    if not folded:
        return queryset.order_by("field", "name", "code")
    words = Q()
    for word in folded:
        words &= Q(search_key__icontains=word)
    national = query.strip()
    if national and " " not in national:
        words |= Q(national_code__iexact=national)
    return queryset.filter(words).order_by("field", "name", "code")
