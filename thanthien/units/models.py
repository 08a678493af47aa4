"""Administrative units, the offices and officials of a commune, users and their memberships."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thanthien.core.models import TimeStampedModel


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    # Set when an administrator hands out a one-time password: the app stays closed until it is changed.
    must_change_password = models.BooleanField(_("must change password"), default=False)
    # Raised to end every session of the user at once (a role withdrawn, a password reset).
    session_stamp = models.PositiveIntegerField(_("session stamp"), default=0, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Django's hash of the password, also keyed by `session_stamp` once it has been raised.

        Django checks it on every request and ends a session whose hash no longer matches, whatever the
        session store, so raising the stamp signs the user out everywhere. Stamp 0 gives Django's own hash.
        """
        if not self.session_stamp:
            return super()._get_session_auth_hash(secret=secret)  # type: ignore[misc]  # private, not in the stubs
        return salted_hmac(
            "thanthien.units.User.session_stamp",
            f"{self.password}:{self.session_stamp}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class Role(models.TextChoices):
    DESK_OFFICER = "desk_officer", _("Desk officer")
    LEADER = "leader", _("Leader")
    SUPERVISOR = "supervisor", _("Supervisor")
    REVIEWER = "reviewer", _("Reviewer")
    ADMINISTRATOR = "administrator", _("Administrator")
    # Trưởng thôn, tổ trưởng tổ dân phố: a membership at one village; brings its people's items (issue #20).
    VILLAGE_HEAD = "village_head", _("Village head")
    # Thành viên Ban công tác Mặt trận thôn: collects the village's items as the head does (issue #20).
    VILLAGE_FRONT = "village_front", _("Front member at the village")


class UnitQuerySet(models.QuerySet["Unit"]):
    def valid_on(self, day):
        """Units that existed on `day`."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def communes(self):
        return self.filter(level=Unit.Level.COMMUNE)

    def within(self, path: str):
        """This unit and everything below it, by materialised path."""
        return self.filter(Q(path=path) | Q(path__startswith=path + "/"))


class Unit(TimeStampedModel):
    """A node of the administrative tree: province > [district, before 1/7/2025] > commune > village."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District")
        COMMUNE = "commune", _("Commune")
        VILLAGE = "village", _("Village")

    class Kind(models.TextChoices):
        CENTRAL_CITY = "central_city", pgettext_lazy("unit kind", "Centrally-run city")
        PROVINCE = "province", pgettext_lazy("unit kind", "Province")
        DISTRICT = "district", pgettext_lazy("unit kind", "District")
        TOWN = "town", _("Town")
        PROVINCIAL_CITY = "provincial_city", _("Provincial city")
        URBAN_DISTRICT = "urban_district", _("Urban district")
        COMMUNE = "commune", pgettext_lazy("unit kind", "Commune")
        WARD = "ward", _("Ward")
        TOWNSHIP = "township", _("Township")
        SPECIAL_ZONE = "special_zone", _("Special zone")
        VILLAGE = "village", pgettext_lazy("unit kind", "Village")
        RESIDENTIAL_GROUP = "residential_group", _("Residential group")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    level = models.CharField(_("level"), max_length=20, choices=Level)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # "<province code>/<commune code>/...": "this unit and below" is one indexed prefix filter.
    path = models.CharField(_("path"), max_length=255, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self", verbose_name=_("predecessors"), symmetrical=False, blank=True, related_name="successors"
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    office_hours = models.CharField(_("office hours"), max_length=255, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            ),
        ]
        indexes = [models.Index(fields=["level", "name"], name="unit_level_name_idx")]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class CommuneProfile(TimeStampedModel):
    """A commune's figures as of a date (003 §I): households, population, Party cells."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="profiles"
    )
    as_of = models.DateField(_("as of"))
    households = models.PositiveIntegerField(_("households"))
    population = models.PositiveIntegerField(_("population"))
    party_cells = models.PositiveIntegerField(_("Party cells"))

    class Meta:
        verbose_name = _("commune profile")
        verbose_name_plural = _("commune profiles")
        ordering = ["unit", "-as_of"]
        constraints = [models.UniqueConstraint(fields=["unit", "as_of"], name="profile_unique_per_date")]

    def __str__(self) -> str:
        return f"{self.unit} {self.as_of:%d/%m/%Y}"


class Office(TimeStampedModel):
    """An office of a commune: People's Committee, Party committee, Fatherland Front, ..."""

    class Kind(models.TextChoices):
        PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
        PARTY_COMMITTEE = "party_committee", _("Party committee")
        FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front")
        MASS_ORGANISATION = "mass_organisation", _("Mass organisation")
        MASS_MOBILISATION_BLOC = "mass_mobilisation_bloc", _("Mass-mobilisation bloc")
        PEOPLES_INSPECTION_BOARD = "peoples_inspection_board", _("People's inspection board")
        ONE_STOP_DESK = "one_stop_desk", _("One-stop desk")

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="offices")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["unit", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="office_unique_name_per_unit")]

    def __str__(self) -> str:
        return self.name


class Official(TimeStampedModel):
    """A person who works for a commune. The phone is shown publicly only when `is_phone_published`."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="officials")
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="officials",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="official",
    )
    full_name = models.CharField(_("full name"), max_length=150)
    title = models.CharField(pgettext_lazy("job title", "title"), max_length=150)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_phone_published = models.BooleanField(_("phone published"), default=False)
    badge_number = models.CharField(_("badge number"), max_length=30, blank=True)
    is_leader = models.BooleanField(_("leader"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["unit", "sort_order", "full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.title}"


class Membership(TimeStampedModel):
    """`user` has `role` in `unit` and in every unit below it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"


class ApiToken(TimeStampedModel):
    """A key an integration (the province's one-stop system, a rating kiosk) uses to call the API as `user`.

    Only a hash of the secret is kept; the full key is shown once, when it is made.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    secret_hash = models.CharField(_("secret hash"), max_length=64)
    is_active = models.BooleanField(_("active"), default=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Household(TimeStampedModel):
    """A household of a village (hộ gia đình): whom the commune's New Year letters go to.

    Least personal data: the head's name, the address and, only if given, a phone with the household's
    consent to receive the commune's letters by SMS or Zalo.
    """

    village = models.ForeignKey(
        Unit, verbose_name=_("village"), on_delete=models.PROTECT, related_name="households"
    )
    head_name = models.CharField(_("head of household"), max_length=150)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    has_sms_consent = models.BooleanField(_("agrees to messages by SMS/Zalo"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["village", "head_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["village", "head_name", "address"], name="household_unique_head_and_address"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.head_name} — {self.village}"


class AccessApproval(TimeStampedModel):
    """A request to give an account the power to read identities, waiting for a leader's decision.

    Granting a role that reads denouncers' and complainants' identities, and resetting the password of an
    account that holds one, are decided by a leader of the unit (or an administrator of the province above
    it), never by the administrator who asked (issue #13 item 5; Law on Denunciations arts. 8(3), 56).
    """

    class Kind(models.TextChoices):
        GRANT_ROLE = "grant_role", _("Grant a role")
        RESET_PASSWORD = "reset_password", _("Reset the password")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="access_approvals",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="access_approvals"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("access approval")
        verbose_name_plural = _("access approvals")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "user", "unit", "role"],
                condition=Q(status="pending"),
                name="access_approval_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.user} — {self.get_role_display()} — {self.unit}"
