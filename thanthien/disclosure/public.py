"""The public disclosure pages of a commune, its transparency board and announcements: no login, nothing
personal (a citizen's question goes to the feedback intake with no name)."""

import csv

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thanthien.core.links import public_url
from thanthien.core.middleware import client_ip
from thanthien.core.public_cache import public_page
from thanthien.core.ratelimit import allow
from thanthien.disclosure import queries, services
from thanthien.disclosure.board import board_figures, csv_rows
from thanthien.disclosure.forms import QuestionForm
from thanthien.disclosure.models import Announcement, DisclosureItem, DisclosureObligation
from thanthien.units.models import Unit
from thanthien.units.queries import commune_by_slug

QUESTIONS_PER_WINDOW, WINDOW_SECONDS = 10, 600


def public_commune(slug: str) -> Unit:
    """The commune of a public address (/x/<slug>/…), else 404; kept per process (units.queries)."""
    commune = commune_by_slug(slug)
    if commune is None:
        raise Http404
    return commune


def _public_item(commune: Unit, code: str) -> DisclosureItem:
    return get_object_or_404(queries.public_items(commune), public_code=code)


@login_not_required
@require_GET
@public_page
def item_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The commune's disclosures, by category and year, searchable without diacritics."""
    commune = public_commune(slug)
    items = queries.public_items(commune)
    years = sorted({d.year for d in items.dates("first_posted_on", "year")}, reverse=True)
    category, year, query = (
        request.GET.get("category", ""),
        request.GET.get("year", ""),
        request.GET.get("q", ""),
    )
    if category:
        items = items.filter(obligation__code=category)
    if year.isdigit():
        items = items.filter(first_posted_on__year=int(year))
    items = queries.search_items(items, query)
    page = Paginator(items, 20).get_page(request.GET.get("page"))
    categories = DisclosureObligation.objects.filter(valid_to__isnull=True).order_by("name")
    context = {
        "commune": commune,
        "page": page,
        "categories": categories,
        "years": years,
        "category": category,
        "year": year,
        "q": query,
    }
    return render(request, "disclosure/public_list.html", context)


@login_not_required
@require_GET
def item_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    commune = public_commune(slug)
    item = _public_item(commune, code)
    return render(request, "disclosure/public_detail.html", _detail_context(commune, item, QuestionForm()))


def _detail_context(commune: Unit, item: DisclosureItem, form: QuestionForm) -> dict:
    return {
        "commune": commune,
        "item": item,
        "files": item.files.all(),
        "form": form,
        "postings": item.postings.select_related("village"),
        "villages": item.villages.all(),
        "beneficiaries": item.beneficiaries.select_related("village"),
    }


@login_not_required
@require_http_methods(["POST"])
def item_ask(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """A citizen's question about an item: into the feedback intake, then to its tracking page."""
    commune = public_commune(slug)
    item = _public_item(commune, code)
    form = QuestionForm(request.POST)
    if form.is_robot:
        return redirect("disclosure_public:detail", slug=slug, code=code)
    if not allow(
        "disclosure-ask",
        client_ip(request) or "unknown",
        limit=QUESTIONS_PER_WINDOW,
        window_seconds=WINDOW_SECONDS,
    ):
        form.add_error(
            None, _("Too many submissions from your connection. Please wait 10 minutes and try again.")
        )
        return render(
            request, "disclosure/public_detail.html", _detail_context(commune, item, form), status=429
        )
    if not form.is_valid():
        return render(
            request, "disclosure/public_detail.html", _detail_context(commune, item, form), status=400
        )
    data = form.cleaned_data
    feedback = services.ask_about_item(item, question=data["question"], client_key=data["client_key"])
    return redirect("portal:feedback_status", slug=slug, code=feedback.tracking_code)


@login_not_required
@require_GET
def item_file(request: HttpRequest, slug: str, code: str, file_id: int) -> FileResponse:
    commune = public_commune(slug)
    item = _public_item(commune, code)
    attached = get_object_or_404(item.files, pk=file_id)
    response = FileResponse(
        attached.file.open("rb"), content_type=attached.content_type, filename=attached.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_not_required
@require_GET
def item_print(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """The A4 notice for a culture house board, with a QR code to the item's page."""
    commune = public_commune(slug)
    item = _public_item(commune, code)
    url = public_url(reverse("disclosure_public:detail", args=[slug, code]))
    qr = mark_safe(segno.make(url, error="m").svg_inline(scale=4))  # noqa: S308 — segno's own SVG, no user text
    context = {"commune": commune, "item": item, "qr": qr, "url": url, "files": item.files.all()}
    return render(request, "disclosure/print_notice.html", context)


class ItemFeed(Feed):
    """The commune's latest disclosures as an Atom feed."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str) -> Unit:
        return public_commune(slug)

    def title(self, commune: Unit) -> str:
        return _("Disclosures of %(commune)s") % {"commune": commune.name}

    def link(self, commune: Unit) -> str:
        return reverse("disclosure_public:list", args=[commune.slug])

    def items(self, commune: Unit):
        return queries.public_items(commune)[:30]

    def item_title(self, item: DisclosureItem) -> str:
        return item.title

    def item_description(self, item: DisclosureItem) -> str:
        return item.summary

    def item_link(self, item: DisclosureItem) -> str:
        return reverse("disclosure_public:detail", args=[item.commune.slug, item.public_code])

    def item_pubdate(self, item: DisclosureItem):
        return item.created_at


item_feed = login_not_required(ItemFeed())


def _board_context(slug: str) -> dict:
    commune = public_commune(slug)
    return {"commune": commune} | board_sections(board_figures(commune, timezone.localdate()))


def board_sections(figures: dict) -> dict:
    """The board and its two periods with their labels, for the templates."""
    return {
        "board": figures,
        "periods": [(_("This month"), figures["month"]), (_("This year"), figures["year"])],
    }


@login_not_required
@require_GET
@public_page
def board(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "disclosure/board.html", _board_context(slug))


@login_not_required
@require_GET
@public_page
def board_tv(request: HttpRequest, slug: str) -> HttpResponse:
    """The full-screen board for the TV at the one-stop desk: large type, reloads itself every minute."""
    return render(request, "disclosure/board_tv.html", _board_context(slug) | {"refresh": 60})


@login_not_required
@require_GET
@public_page
def board_csv(request: HttpRequest, slug: str) -> HttpResponse:
    context = _board_context(slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bang-tin-{context["commune"].code}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 with the mark
    csv.writer(response).writerows(csv_rows(context["board"]))
    return response


@login_not_required
@require_GET
@public_page
def announcement_list(request: HttpRequest, slug: str) -> HttpResponse:
    commune = public_commune(slug)
    page = Paginator(queries.public_announcements(commune, timezone.now()), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "disclosure/public_announcements.html", {"commune": commune, "page": page})


def _public_announcement(slug: str, code: str) -> Announcement:
    """A published, unexpired announcement of the commune (404 otherwise)."""
    commune = public_commune(slug)
    announcements = queries.public_announcements(commune, timezone.now()).select_related("commune")
    return get_object_or_404(announcements, public_code=code)


@login_not_required
@require_GET
@public_page
def announcement_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    announcement = _public_announcement(slug, code)
    context = {"commune": announcement.commune, "a": announcement}
    return render(request, "disclosure/public_announcement.html", context)


@login_not_required
@require_GET
def announcement_image(request: HttpRequest, slug: str, code: str) -> FileResponse:
    announcement = _public_announcement(slug, code)
    if not announcement.image:
        raise Http404
    return FileResponse(announcement.image.open("rb"))


def home_sections(commune: Unit) -> dict:
    """What the commune's public home shows from this app: board headline, latest announcements and items."""
    now = timezone.now()
    return {
        **board_sections(board_figures(commune, timezone.localdate(now))),
        # Lazy: the home caches its body for a minute, and then these are never queried.
        "announcements": queries.public_announcements(commune, now)[:3],
        "disclosures": queries.public_items(commune)[:5],
        "max_file_mb": getattr(settings, "DISCLOSURE_MAX_FILE_MB", 10),
    }
