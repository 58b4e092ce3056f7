from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .caching import CdnCacheMixin, fragment, site_for

phone_validator = RegexValidator(
    r"^\+?[0-9 ()-]{6,20}$", _("Enter a phone number using digits, spaces, + or -.")
)


class HomePage(CdnCacheMixin, Page):
    """The portal's front page: what RUKO PARSEL is and the three ways in."""

    lead = models.CharField(_("lead"), max_length=300, blank=True)
    body = RichTextField(
        _("body"), blank=True, features=["h2", "h3", "bold", "italic", "ol", "ul", "link"]
    )

    content_panels = [*Page.content_panels, FieldPanel("lead"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("lead"), index.SearchField("body")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    office_name = models.CharField(
        _("office name"), max_length=200, default="Kantor Kecamatan Paringin Selatan"
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phone_validator])
    whatsapp = models.CharField(
        _("WhatsApp number"),
        max_length=30,
        blank=True,
        validators=[phone_validator],
        help_text=_("International format without spaces, e.g. 6281234567890."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    office_hours = models.TextField(
        _("office hours"),
        blank=True,
        help_text=_("One line per row, e.g. “Senin–Kamis 07.30–16.00”."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("default logo"),
        help_text=_("The agency's logo, printed on the letterhead of every SOP that has none."),
    )

    panels = [
        MultiFieldPanel([FieldPanel("office_name"), FieldPanel("address")], heading=_("Office")),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("whatsapp"), FieldPanel("email")], heading=_("Contact")
        ),
        FieldPanel("office_hours"),
        FieldPanel("logo"),
    ]

    class Meta:
        verbose_name = _("site settings")

    @classmethod
    def for_request(cls, request):
        """Wagtail's own, with the site and the row kept per content generation (saving the
        settings retires them, home/signals.py): the footer of a page costs no query."""
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        site = site_for(request)
        if site is None:
            return super().for_request(request)
        site_settings = fragment(f"site-settings:{site.pk}", lambda: cls.for_site(site))
        site_settings._request = request
        setattr(request, attr_name, site_settings)
        return site_settings

    @property
    def whatsapp_digits(self):
        return "".join(ch for ch in self.whatsapp if ch.isdigit())

    @property
    def office_hours_lines(self):
        return [line.strip() for line in self.office_hours.splitlines() if line.strip()]


class ActiveQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class Village(models.Model):
    """A desa or kelurahan, identified by its Kemendagri region code."""

    class Kind(models.TextChoices):
        DESA = "desa", _("village (desa)")
        KELURAHAN = "kelurahan", _("urban ward (kelurahan)")

    code = models.CharField(
        _("Kemendagri code"),
        max_length=13,
        unique=True,
        validators=[
            RegexValidator(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$", _("Use the form 63.11.07.2001."))
        ],
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DESA)
    email = models.EmailField(_("village e-mail"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = ActiveQuerySet.as_manager()
    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("email"),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("village")
        verbose_name_plural = _("villages")

    def __str__(self):
        if self.kind == self.Kind.KELURAHAN:
            return f"Kelurahan {self.name}"
        return f"Desa {self.name}"


class OrderedReference(models.Model):
    name = models.CharField(_("name"), max_length=150, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    objects = ActiveQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Section(OrderedReference):
    """A section (seksi) of the kecamatan that villages come to meet."""

    email = models.EmailField(
        _("section e-mail"), blank=True, help_text=_("Receives new coordination requests.")
    )
    panels = [FieldPanel("name"), FieldPanel("email"), FieldPanel("order"), FieldPanel("active")]

    class Meta(OrderedReference.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")


class ProblemCategory(OrderedReference):
    """A kind of village problem, used to route requests and to file guidance."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("order"),
        FieldPanel("active"),
    ]

    class Meta(OrderedReference.Meta):
        verbose_name = _("problem category")
        verbose_name_plural = _("problem categories")


class BodyKind(OrderedReference):
    """A kind of village community body (BPD, LPM, PKK, Karang Taruna, Posyandu, other)."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("order"), FieldPanel("active")]

    class Meta(OrderedReference.Meta):
        verbose_name = _("kind of community body")
        verbose_name_plural = _("kinds of community body")


class CommunityBody(models.Model):
    """A community body of one village (its BPD, its PKK…), whose members request sessions
    for it. Withdrawn bodies keep their history but their members lose access."""

    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="bodies", verbose_name=_("village")
    )
    kind = models.ForeignKey(
        BodyKind, on_delete=models.PROTECT, related_name="bodies", verbose_name=_("kind")
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("body e-mail"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = ActiveQuerySet.as_manager()
    panels = [
        FieldPanel("village"),
        FieldPanel("kind"),
        FieldPanel("name"),
        FieldPanel("email"),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["village__name", "name"]
        verbose_name = _("community body")
        verbose_name_plural = _("community bodies")
        constraints = [
            models.UniqueConstraint(
                fields=["village", "name"], name="home_communitybody_unique_name_per_village"
            )
        ]

    def __str__(self):
        return self.name


class BodyInvitation(models.Model):
    """A one-time, expiring link that lets one person make the account of a body. Only the
    SHA-256 of the secret is stored; the secret itself travels in the e-mail alone."""

    body = models.ForeignKey(
        CommunityBody,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("community body"),
    )
    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("used by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation of a community body")
        verbose_name_plural = _("invitations of community bodies")

    def __str__(self):
        return f"{self.body} · {self.email}"

    def is_open(self, now):
        return self.used_at is None and self.revoked_at is None and now < self.expires_at


class UserProfile(models.Model):
    """Links a village operator to exactly one village, a member of a community body to that
    body, and a staff member to a section."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    village = models.ForeignKey(
        Village,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operators",
        verbose_name=_("village"),
    )
    body = models.ForeignKey(
        CommunityBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("community body"),
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("section"),
    )
    position = models.CharField(_("position"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phone_validator])

    class Meta:
        verbose_name = _("user profile")
        verbose_name_plural = _("user profiles")
        constraints = [
            # An account acts for a village office or for one of its bodies, never both.
            models.CheckConstraint(
                condition=models.Q(village__isnull=True) | models.Q(body__isnull=True),
                name="home_userprofile_village_or_body",
            )
        ]

    def __str__(self):
        return str(self.user)
