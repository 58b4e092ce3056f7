from django import forms as django_forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, Q
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.caching import CdnCacheMixin

from .blocks import GuidanceBodyBlock
from .constants import DEFAULT_ORDER, INDEX_PER_PAGE, MAX_ACTORS, ORDERINGS, RELATED_LIMIT, StepKind
from .flowchart import build_procedure
from .forms import SopPageForm
from .listing import (
    active_categories,
    ancestors_for_breadcrumbs,
    category_from,
    order_from,
    with_listing_data,
)


class GuidanceIndexPage(CdnCacheMixin, Page):
    """/panduan/: every guidance page and SOP, filterable by problem category."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    per_page = INDEX_PER_PAGE

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["guidance.GuidancePage", "guidance.SopPage"]
    max_count = 1

    class Meta:
        verbose_name = _("guidance index")

    @property
    def summary(self):
        return self.search_description or strip_tags(self.intro).strip()

    def get_context(self, request, *args, **kwargs):
        """The live guidance pages and SOPs below the index, by category and order, paginated."""
        context = super().get_context(request, *args, **kwargs)
        categories = active_categories()
        category = category_from(request, categories)
        if category is False:
            messages.warning(request, gettext("That category does not exist; showing everything."))
            category = None
        pages = GuidanceBasePage.objects.live().public().child_of(self)
        if category:
            pages = pages.filter(categories=category)
        order = order_from(request)
        pages = with_listing_data(pages.order_by(*ORDERINGS[order]))
        query = {}
        if category:
            query["kategori"] = category.slug
        if order != DEFAULT_ORDER:
            query["urut"] = order
        context.update(
            ancestors=ancestors_for_breadcrumbs(self),
            categories=categories,
            current_category=category,
            order=order,
            page_obj=Paginator(pages, self.per_page).get_page(request.GET.get("page")),
            query_string="&".join(f"{k}={v}" for k, v in query.items()),
        )
        return context


class GuidanceBasePage(CdnCacheMixin, Page):
    """What guidance pages and SOPs share: summary, categories, owner and review date.

    A concrete parent so that the index, search and the review report read one table."""

    summary = models.TextField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences; shown in lists, search results and link previews."),
    )
    categories = ParentalManyToManyField(
        "home.ProblemCategory",
        blank=True,
        related_name="guidance_pages",
        verbose_name=_("problem categories"),
    )
    owner_section = models.ForeignKey(
        "home.Section",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guidance_pages",
        verbose_name=_("owner (section)"),
        help_text=_("The section that keeps this page correct."),
    )
    next_review = models.DateField(
        _("next review"),
        null=True,
        blank=True,
        help_text=_("After this date the page appears in the overdue review report."),
    )

    is_creatable = False
    parent_page_types = []
    subpage_types = []
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.RelatedFields("categories", [index.SearchField("name")]),
        index.FilterField("live"),
    ]
    promote_panels_extra = [
        MultiFieldPanel(
            [FieldPanel("owner_section"), FieldPanel("next_review")], heading=_("Review")
        )
    ]

    class Meta:
        verbose_name = _("guidance or SOP")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["ancestors"] = ancestors_for_breadcrumbs(self)
        context["page_categories"] = list(self.categories.all())
        context["related_pages"] = self.related_pages(context["page_categories"])
        return context

    def related_pages(self, categories):
        """Editor's picks first, then other pages sharing a category, at most RELATED_LIMIT."""
        picks = []
        if hasattr(self, "related_picks"):
            picks = [
                pick.target
                for pick in self.related_picks.select_related("target").filter(target__live=True)
            ][:RELATED_LIMIT]
        remaining = RELATED_LIMIT - len(picks)
        if remaining <= 0 or not categories:
            return picks
        shared = (
            GuidanceBasePage.objects.live()
            .public()
            .filter(categories__in=categories)
            .exclude(pk__in=[self.pk, *[p.pk for p in picks]])
            .annotate(shared=Count("categories", filter=Q(categories__in=categories)))
            .order_by("-shared", "title")
        )
        return picks + list(shared[:remaining])

    @property
    def meta_description(self):
        return self.search_description or self.summary


class GuidancePage(GuidanceBasePage):
    body = StreamField(GuidanceBodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("categories", widget=django_forms.CheckboxSelectMultiple),
        FieldPanel("body"),
        InlinePanel("related_picks", label=_("Editor's picks"), heading=_("Related pages")),
    ]
    promote_panels = [*Page.promote_panels, *GuidanceBasePage.promote_panels_extra]
    search_fields = [*GuidanceBasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["guidance.GuidanceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("guidance page")


class GuidanceRelatedPick(Orderable):
    page = ParentalKey(GuidancePage, on_delete=models.CASCADE, related_name="related_picks")
    target = models.ForeignKey(
        GuidanceBasePage,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("page"),
    )
    panels = [PageChooserPanel("target", ["guidance.GuidancePage", "guidance.SopPage"])]

    class Meta(Orderable.Meta):
        verbose_name = _("editor's pick")
        verbose_name_plural = _("editor's picks")


nip_validator = RegexValidator(r"^\d{18}$", _("A NIP has 18 digits, without spaces."))


class SopPage(GuidanceBasePage):
    """A standard operating procedure in the SOP AP format (Permenpan RB No. 35/2012)."""

    agency = models.CharField(
        _("agency"),
        max_length=200,
        default="Pemerintah Kabupaten Balangan\nKecamatan Paringin Selatan",
    )
    sop_number = models.CharField(_("SOP number"), max_length=100)
    date_made = models.DateField(_("date made"))
    date_revised = models.DateField(_("date revised"), null=True, blank=True)
    date_effective = models.DateField(_("date effective"))
    approver_position = models.CharField(_("approved by (position)"), max_length=150)
    approver_name = models.CharField(_("approved by (name)"), max_length=150)
    approver_nip = models.CharField(
        _("approver's NIP"), max_length=18, blank=True, validators=[nip_validator]
    )
    legal_basis = models.TextField(_("legal basis"), help_text=_("One item per line."))
    qualifications = models.TextField(
        _("implementer qualifications"), blank=True, help_text=_("One item per line.")
    )
    related_sops = models.TextField(
        _("related SOPs"), blank=True, help_text=_("One item per line.")
    )
    equipment = models.TextField(
        _("equipment and supplies"), blank=True, help_text=_("One item per line.")
    )
    warnings = models.TextField(_("warnings"), blank=True, help_text=_("One item per line."))
    records = models.TextField(
        _("recording and data keeping"), blank=True, help_text=_("One item per line.")
    )

    base_form_class = SopPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("categories", widget=django_forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("agency"),
                FieldPanel("sop_number"),
                FieldRowPanel(
                    [
                        FieldPanel("date_made"),
                        FieldPanel("date_revised"),
                        FieldPanel("date_effective"),
                    ]
                ),
                FieldPanel("approver_position"),
                FieldRowPanel([FieldPanel("approver_name"), FieldPanel("approver_nip")]),
            ],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("legal_basis"),
                FieldPanel("qualifications"),
                FieldPanel("related_sops"),
                FieldPanel("equipment"),
                FieldPanel("warnings"),
                FieldPanel("records"),
            ],
            heading=_("Provisions"),
        ),
    ]
    procedure_panels = [
        InlinePanel(
            "actors",
            label=_("Actor"),
            heading=_("Actors (columns, left to right)"),
            min_num=1,
            max_num=MAX_ACTORS,
        ),
        InlinePanel("steps", label=_("Step"), heading=_("Steps"), min_num=1),
    ]
    promote_panels = [*Page.promote_panels, *GuidanceBasePage.promote_panels_extra]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Identity")),
            ObjectList(procedure_panels, heading=_("Procedure")),
            ObjectList(promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = [
        *GuidanceBasePage.search_fields,
        index.SearchField("legal_basis"),
        index.RelatedFields("steps", [index.SearchField("activity")]),
    ]
    parent_page_types = ["guidance.GuidanceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("SOP page")

    @cached_property
    def actor_list(self):
        return list(self.actors.all())

    @cached_property
    def step_list(self):
        return list(self.steps.all())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["procedure"] = build_procedure(self.actor_list, self.step_list)
        return context

    @staticmethod
    def _lines(text):
        return [line.strip() for line in text.splitlines() if line.strip()]

    def identity_lists(self):
        return [
            (_("Legal basis"), self._lines(self.legal_basis)),
            (_("Implementer qualifications"), self._lines(self.qualifications)),
            (_("Related SOPs"), self._lines(self.related_sops)),
            (_("Equipment and supplies"), self._lines(self.equipment)),
            (_("Warnings"), self._lines(self.warnings)),
            (_("Recording and data keeping"), self._lines(self.records)),
        ]


class SopActor(Orderable):
    page = ParentalKey(SopPage, on_delete=models.CASCADE, related_name="actors")
    name = models.CharField(_("actor"), max_length=80, help_text=_("E.g. Operator Desa, Camat."))
    panels = [FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("actor")
        verbose_name_plural = _("actors")

    def __str__(self):
        return self.name


class SopStep(Orderable):
    Kind = StepKind

    page = ParentalKey(SopPage, on_delete=models.CASCADE, related_name="steps")
    activity = models.TextField(_("activity"))
    actor = models.CharField(
        _("actor"), max_length=80, help_text=_("Exactly as written in the list of actors.")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PROCESS)
    no_step = models.PositiveSmallIntegerField(
        _("if no, go to step"),
        null=True,
        blank=True,
        help_text=_("Decisions only: the step number followed when the answer is no."),
    )
    requirements = models.CharField(_("requirements"), max_length=250, blank=True)
    time = models.CharField(_("time"), max_length=80, blank=True)
    output = models.CharField(_("output"), max_length=150, blank=True)
    remarks = models.CharField(_("remarks"), max_length=250, blank=True)

    panels = [
        FieldPanel("activity"),
        FieldRowPanel([FieldPanel("actor"), FieldPanel("kind"), FieldPanel("no_step")]),
        FieldRowPanel([FieldPanel("requirements"), FieldPanel("time"), FieldPanel("output")]),
        FieldPanel("remarks"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self):
        return self.activity[:60]


class PageFeedback(models.Model):
    """One answer to “Was this page helpful?”. Deliberately stores nothing about the reader."""

    page = models.ForeignKey(
        GuidanceBasePage, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("page")
    )
    helpful = models.BooleanField(_("helpful"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("page feedback")
        verbose_name_plural = _("page feedback")

    def __str__(self):
        return f"{self.page_id}: {'+' if self.helpful else '-'}"
