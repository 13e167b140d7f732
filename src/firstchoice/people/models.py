"""Key people on both sides of an account and the customer's org chart (M5)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from firstchoice.customers.models import Customer

# Digits with the usual separators and an optional leading +; at least 6 digits is checked
# in rules.valid_phone (a regex cannot count digits among separators readably).
PHONE_CHARACTERS = RegexValidator(
    r"^\+?[0-9 ()./\-]*(?:\s*(?:ext\.?|x)\s*[0-9]+)?$",
    _("Enter a phone number: digits, spaces, ( ) . / - and an optional leading +."),
)


class Level(models.TextChoices):
    """Where in the customer's organisation a person sits, from the top down (M5)."""

    HEAD_OFFICE = "head_office", _("Head office")
    DIVISION = "division", _("Division")
    SITE = "site", _("Site")
    SHOP_FLOOR = "shop_floor", _("Shop floor")


# Shown next to every engagement field: the scale means nothing without its definitions.
ENGAGEMENT_DEFINITIONS = {
    1: _("Sells our case inside their company and opens doors for us."),
    2: _("Prefers us; gives us time and information."),
    3: _("Listens; no preference yet."),
    4: _("Prefers the status quo or a competitor."),
    5: _("Works against us."),
}
ENGAGEMENT_NAMES = {
    1: _("Champion"),
    2: _("Supporter"),
    3: _("Neutral"),
    4: _("Sceptic"),
    5: _("Opponent"),
}
# Lazy: built when the module loads, the labels must still follow each reader's language.
ENGAGEMENT_CHOICES = [(k, format_lazy("{} · {}", k, v)) for k, v in ENGAGEMENT_NAMES.items()]


class Role(models.TextChoices):
    """Buying roles in this account's purchase (issue 18); a person may hold several.

    Stored as one boolean column each (the coach role is the long-standing `is_coach`
    column), so every role can be filtered and counted in SQL on both databases and each
    change shows field by field in the history.
    """

    ECONOMIC_BUYER = "economic_buyer", _("Economic buyer")
    USER_BUYER = "user_buyer", _("User buyer")
    TECHNICAL_BUYER = "technical_buyer", _("Technical buyer")
    COACH = "coach", _("Coach")
    GATEKEEPER = "gatekeeper", _("Gatekeeper")


ROLE_HELP = {
    Role.ECONOMIC_BUYER: _("Has the final say and releases the money."),
    Role.USER_BUYER: _("Uses what we sell; judges its effect on their work."),
    Role.TECHNICAL_BUYER: _("Screens suppliers against specifications; can say no, not yes."),
    Role.COACH: _("Covers for us, gives competitive intelligence, tells us how to win."),
    Role.GATEKEEPER: _("Controls access to the others (assistant, purchasing)."),
}
# Role → the KeyPerson column that stores it.
ROLE_COLUMNS = {
    Role.ECONOMIC_BUYER: "is_economic_buyer",
    Role.USER_BUYER: "is_user_buyer",
    Role.TECHNICAL_BUYER: "is_technical_buyer",
    Role.COACH: "is_coach",
    Role.GATEKEEPER: "is_gatekeeper",
}


class Influence(models.TextChoices):
    """How much weight the person carries in this account's buying decisions."""

    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class InfluenceKind(models.TextChoices):
    INFORMAL = "informal", _("Informal")
    PEER = "peer", _("Peer")
    ADVISER = "adviser", _("External adviser")


class KeyPerson(models.Model):
    """A person who matters at a customer: who they are, how engaged, what hurts them."""

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="key_people", verbose_name=_("customer")
    )
    name = models.CharField(_("name"), max_length=200)
    department = models.CharField(_("department"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    level = models.CharField(
        _("organisation level"), max_length=12, choices=Level.choices, default=Level.SITE
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[PHONE_CHARACTERS])
    fax = models.CharField(_("fax"), max_length=40, blank=True, validators=[PHONE_CHARACTERS])
    email = models.EmailField(_("email"), blank=True)
    # 1 = highest (METHOD.md M5); None = not yet judged, which is not the same as low.
    engagement = models.PositiveSmallIntegerField(
        _("engagement level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    interests = models.TextField(_("personal interests"), blank=True)
    good_supplier = models.TextField(_("what a good supplier looks like to them"), blank=True)
    pains = models.TextField(_("what causes them pain"), blank=True)
    responsibility = models.TextField(_("their responsibility in our project"), blank=True)
    reports_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("reports to"),
    )
    is_coach = models.BooleanField(_("coach"), default=False)
    is_economic_buyer = models.BooleanField(_("economic buyer"), default=False)
    is_user_buyer = models.BooleanField(_("user buyer"), default=False)
    is_technical_buyer = models.BooleanField(_("technical buyer"), default=False)
    is_gatekeeper = models.BooleanField(_("gatekeeper"), default=False)
    # Blank: not judged yet (unknown is not low).
    influence = models.CharField(
        _("influence"), max_length=6, choices=Influence.choices, blank=True
    )
    # A competitor's name as the dossier lists it (market profile, "competitors").
    favours_competitor = models.CharField(_("favours competitor"), max_length=300, blank=True)
    confirmed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)  # lib.edits: refuses a stale edit

    history = HistoricalRecords()

    class Meta:
        ordering = ["department", "name", "id"]
        verbose_name = _("key person")
        verbose_name_plural = _("key people")
        indexes = [models.Index(fields=["customer", "department", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(engagement__isnull=True)
                | models.Q(engagement__gte=1, engagement__lte=5),
                name="key_person_engagement_1_to_5",
            ),
            models.CheckConstraint(
                condition=~models.Q(reports_to=models.F("pk")),
                name="key_person_not_own_boss",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def roles(self) -> list[str]:
        return [role for role, column in ROLE_COLUMNS.items() if getattr(self, column)]

    def get_roles_display(self) -> list[str]:
        return [str(Role(role).label) for role in self.roles]

    def buying_roles_display(self) -> list[str]:
        """The roles but coach, which has its own badge."""
        return [str(Role(role).label) for role in self.roles if role != Role.COACH]


class InfluenceLine(models.Model):
    """ "A influences B" outside the reporting line: informal, between peers, or an
    external adviser's word (issue 18). Kept with its history like the org chart."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="influence_lines")
    source = models.ForeignKey(
        KeyPerson, on_delete=models.CASCADE, related_name="influences", verbose_name=_("who")
    )
    target = models.ForeignKey(
        KeyPerson,
        on_delete=models.CASCADE,
        related_name="influenced_by",
        verbose_name=_("influences whom"),
    )
    kind = models.CharField(
        _("kind"), max_length=8, choices=InfluenceKind.choices, default=InfluenceKind.INFORMAL
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("influence line")
        verbose_name_plural = _("influence lines")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="influence_not_self"
            ),
            models.UniqueConstraint(fields=["source", "target"], name="influence_line_once"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id}"


class OurPerson(models.Model):
    """A colleague of ours who works an account, ranked by importance (M5, our side).

    A named colleague rather than a Salesperson: the people an account needs are often
    engineers, service staff or a director who have no login and sell nothing. When the
    colleague does have a login, `user` links it so the row can be found from their side.
    """

    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="our_people", verbose_name=_("customer")
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account_roles",
        verbose_name=_("login"),
    )
    rank = models.PositiveSmallIntegerField(_("rank"), default=1, validators=[MinValueValidator(1)])
    covers = models.ManyToManyField(
        KeyPerson, blank=True, related_name="covered_by", verbose_name=_("covers")
    )
    created = models.DateTimeField(auto_now_add=True)

    version = models.PositiveIntegerField(default=1)  # lib.edits: refuses a stale edit

    history = HistoricalRecords(m2m_fields=[covers])

    class Meta:
        ordering = ["rank", "name", "id"]
        verbose_name = _("our person")
        verbose_name_plural = _("our people")
        indexes = [models.Index(fields=["customer", "rank"])]

    def __str__(self) -> str:
        return self.name
