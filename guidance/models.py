import re

from django import forms as django_forms
from django.contrib import messages
from django.core.paginator import Paginator
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

from home.caching import CdnCacheMixin, fragment, public
from home.models import SiteSettings

from .blocks import GuidanceBodyBlock, body_headings
from .constants import (
    BODY_BOOST,
    DEFAULT_ORDER,
    HEADING_BOOST,
    INDEX_PER_PAGE,
    ORDERINGS,
    RELATED_LIMIT,
    SUMMARY_BOOST,
    TITLE_BOOST,
    StepKind,
)
from .fields import NipField, PartialDateField
from .flowchart import build_procedure
from .forms import SopPageForm, StepInlinePanel
from .listing import (
    active_categories,
    ancestors_for_breadcrumbs,
    category_from,
    order_from,
    with_listing_data,
)
from .sop_rules import (
    DEFAULT_PROCEDURE_TITLE,
    MAX_PROCEDURE_TITLE,
    ProcedureData,
    StepData,
    key,
)
from .sop_values import Duration, TimeUnit, format_nip, format_partial_date


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
        pages = public(GuidanceBasePage.objects.live()).child_of(self)
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
    # Boosts (see guidance/search.py): the title above the summary, the summary above headings,
    # headings above the body, which carries everything else a page says.
    search_fields = [
        *Page.search_fields,
        index.SearchField("title", boost=TITLE_BOOST),
        index.SearchField("summary", boost=SUMMARY_BOOST),
        index.RelatedFields("categories", [index.SearchField("name", boost=HEADING_BOOST)]),
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
        if getattr(request, "is_preview", False):  # a draft's own categories, never stored
            found = self.categories_and_related_pages()
        else:
            found = fragment(f"related:{self.pk}", self.categories_and_related_pages)
        context["page_categories"], context["related_pages"] = found
        return context

    def prepare_for_storage(self):
        """Load what the page shows before it is kept per content generation
        (home/routing.py), so that serving the kept page needs no query."""
        if self.owner_section_id is not None:
            self.owner_section  # noqa: B018 - loads the related section into the page

    def categories_and_related_pages(self):
        """Kept per content generation: both change only when some page is published."""
        categories = list(self.categories.all())
        return categories, self.related_pages(categories)

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
            public(GuidanceBasePage.objects.live())
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
    search_fields = [
        *GuidanceBasePage.search_fields,
        index.SearchField("search_headings", boost=HEADING_BOOST),
        index.SearchField("body"),
    ]
    parent_page_types = ["guidance.GuidanceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("guidance page")

    def prepare_for_storage(self):
        super().prepare_for_storage()
        for _block in self.body:  # converts every block, loading the documents and pages chosen
            pass

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["body_html"] = self.body_html(request)
        return context

    def body_html(self, request):
        """The body rendered: kept per content generation and language for the live page (its
        blocks show nothing of the visitor), rendered afresh for a preview."""
        from django.template.loader import get_template
        from django.utils.translation import get_language

        def render():
            template = get_template("guidance/includes/body.html")
            return template.render({"page": self, "request": request})

        if getattr(request, "is_preview", False):
            return render()
        return fragment(f"body:{self.pk}:{get_language()}", render)

    def search_headings(self):
        """Headings, step titles and questions: what a reader scans first."""
        return "\n".join(body_headings(self.body))


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


DEFAULT_AGENCY = "Pemerintah Kabupaten Balangan\nKecamatan Paringin Selatan"
LIST_HELP = _("One item per line.")


class SopPage(GuidanceBasePage):
    """A standard operating procedure in the SOP AP format (Permenpan RB No. 35/2012).

    Identity fields that real documents leave blank are optional and print as empty cells;
    dates may be known only to the month. The procedure is data: actors (columns, at most
    ``sop_rules.MAX_ACTORS``), optional titled procedures, and steps that each name their actors
    and, for decisions, the steps that follow on “Ya” and “Tidak”. ``sop_rules`` checks it."""

    agency = models.TextField(
        _("agency (letterhead)"),
        default=DEFAULT_AGENCY,
        help_text=_(
            "One line per level, as on the letterhead: Pemerintah Kabupaten …, Kecamatan …, "
            "Desa/Kelurahan …."
        ),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logo"),
        help_text=_("Leave empty to use the default logo from the site settings."),
    )
    sop_number = models.CharField(_("SOP number"), max_length=100, blank=True)
    date_made = PartialDateField(_("date made"), blank=True)
    date_revised = PartialDateField(_("date revised"), blank=True)
    date_effective = PartialDateField(_("date effective"), blank=True)
    approver_position = models.CharField(_("approved by (position)"), max_length=150)
    approver_name = models.CharField(_("approved by (name)"), max_length=150, blank=True)
    approver_nip = NipField(_("approver's NIP"), blank=True)
    legal_basis = models.TextField(_("legal basis"), help_text=LIST_HELP)
    qualifications = models.TextField(
        _("implementer qualifications"), blank=True, help_text=LIST_HELP
    )
    related_sops = models.TextField(_("related SOPs"), blank=True, help_text=LIST_HELP)
    equipment = models.TextField(_("equipment and supplies"), blank=True, help_text=LIST_HELP)
    warnings = models.TextField(_("warnings"), blank=True, help_text=LIST_HELP)
    records = models.TextField(_("recording and data keeping"), blank=True, help_text=LIST_HELP)

    base_form_class = SopPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("categories", widget=django_forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("agency"),
                FieldPanel("logo"),
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
        ),
        InlinePanel(
            "procedures",
            label=_("Procedure"),
            heading=_("Procedures (only when the SOP has more than one table)"),
        ),
        StepInlinePanel("steps", label=_("Step"), heading=_("Steps")),
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
        index.SearchField("search_headings", boost=HEADING_BOOST),
        index.SearchField("full_text"),
    ]
    parent_page_types = ["guidance.GuidanceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("SOP page")

    def search_headings(self):
        """Procedure titles and step activities, the SOP's own headings."""
        return "\n".join(
            [procedure.title for procedure in self.procedure_list]
            + [step.activity for step in self.step_list]
        )

    def prepare_for_storage(self):
        super().prepare_for_storage()
        self.built_procedures  # noqa: B018 - loads the rows and lays them out
        if self.logo_id is not None:
            self.logo  # noqa: B018 - loads the letterhead image

    @cached_property
    def actor_list(self):
        return list(self.actors.all())

    @cached_property
    def step_list(self):
        return list(self.steps.all())

    @cached_property
    def procedure_list(self):
        return list(self.procedures.all())

    @property
    def actor_names(self):
        return [actor.name for actor in self.actor_list]

    def procedures_data(self):
        """The procedures as ``ProcedureData``, each with its steps in order.

        A step names its procedure by title; a blank or unknown title puts it in the first
        procedure, so no step is ever hidden. Without procedure rows there is one, untitled."""
        titles = [procedure.title for procedure in self.procedure_list] or [""]
        grouped = {key(title): [] for title in titles}
        first = key(titles[0])
        for step in self.step_list:
            grouped.get(key(step.procedure), grouped[first]).append(step.as_data())
        return [
            ProcedureData(title=title or DEFAULT_PROCEDURE_TITLE, steps=grouped[key(title)])
            for title in titles
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sop_logo"] = self.logo or SiteSettings.for_request(request).logo
        context["procedures"] = self.built_procedures
        return context

    @cached_property
    def built_procedures(self):
        """The procedures laid out as the table and flowchart (kept with the live page)."""
        return [
            build_procedure(self.actor_names, procedure) for procedure in self.procedures_data()
        ]

    @staticmethod
    def _lines(text):
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def agency_lines(self):
        return self._lines(self.agency)

    def identity_lists(self):
        return [
            (_("Legal basis"), self._lines(self.legal_basis)),
            (_("Implementer qualifications"), self._lines(self.qualifications)),
            (_("Related SOPs"), self._lines(self.related_sops)),
            (_("Equipment and supplies"), self._lines(self.equipment)),
            (_("Warnings"), self._lines(self.warnings)),
            (_("Recording and data keeping"), self._lines(self.records)),
        ]

    @property
    def date_made_display(self):
        return format_partial_date(self.date_made)

    @property
    def date_revised_display(self):
        return format_partial_date(self.date_revised)

    @property
    def date_effective_display(self):
        return format_partial_date(self.date_effective)

    @property
    def approver_nip_display(self):
        return format_nip(self.approver_nip)

    def full_text(self):
        """Every word of the SOP as plain text, one field per line: identity, provisions,
        actors, procedure titles and every cell of every step (for search and export)."""
        parts = [
            self.title,
            self.summary,
            self.agency,
            self.sop_number,
            self.date_made_display,
            self.date_revised_display,
            self.date_effective_display,
            self.approver_position,
            self.approver_name,
            self.approver_nip_display,
            *(line for _label, lines in self.identity_lists() for line in lines),
            *self.actor_names,
        ]
        for procedure in self.procedures_data():
            parts.append(procedure.title)
            for step in procedure.steps:
                parts += [
                    step.activity,
                    step.requirements,
                    str(step.time or ""),
                    step.output,
                    step.remarks,
                ]
        return "\n".join(part for part in parts if part)


class SopActor(Orderable):
    page = ParentalKey(SopPage, on_delete=models.CASCADE, related_name="actors")
    name = models.CharField(_("actor"), max_length=80, help_text=_("E.g. Operator Desa, Camat."))
    panels = [FieldPanel("name")]

    class Meta(Orderable.Meta):
        verbose_name = _("actor")
        verbose_name_plural = _("actors")

    def __str__(self):
        return self.name


class SopProcedure(Orderable):
    """A titled procedure of an SOP (e.g. “Surat Masuk”, “Surat Keluar”), its own table."""

    page = ParentalKey(SopPage, on_delete=models.CASCADE, related_name="procedures")
    title = models.CharField(
        _("procedure title"),
        max_length=MAX_PROCEDURE_TITLE,
        help_text=_("At most 31 characters, without [ ] : * ? / \\ (it names an Excel sheet)."),
    )
    panels = [FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")

    def __str__(self):
        return self.title


class SopStep(Orderable):
    Kind = StepKind

    page = ParentalKey(SopPage, on_delete=models.CASCADE, related_name="steps")
    procedure = models.CharField(
        _("procedure"),
        max_length=MAX_PROCEDURE_TITLE,
        blank=True,
        help_text=_("Which procedure (table) the step belongs to; empty means the first."),
    )
    activity = models.TextField(_("activity"))
    actors = models.JSONField(_("actors"), default=list, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PROCESS)
    yes_step = models.PositiveSmallIntegerField(
        _("if yes, go to step"),
        null=True,
        blank=True,
        help_text=_("Decisions only; empty means the next step."),
    )
    no_step = models.PositiveSmallIntegerField(
        _("if no, go to step"),
        null=True,
        blank=True,
        help_text=_("Decisions only: the step followed when the answer is no (any other step)."),
    )
    requirements = models.TextField(_("requirements"), blank=True)
    time_amount = models.DecimalField(
        _("time"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    time_unit = models.CharField(
        _("time unit"), max_length=10, choices=TimeUnit.CHOICES, blank=True
    )
    output = models.TextField(_("output"), blank=True)
    remarks = models.TextField(_("remarks"), blank=True)

    panels = [
        FieldPanel("procedure"),
        FieldPanel("activity"),
        FieldPanel("actors"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("yes_step"), FieldPanel("no_step")]),
        FieldRowPanel(
            [FieldPanel("requirements"), FieldPanel("time_amount"), FieldPanel("time_unit")]
        ),
        FieldRowPanel([FieldPanel("output"), FieldPanel("remarks")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(time_amount__isnull=True, time_unit="")
                | models.Q(time_amount__gt=0, time_unit__in=[u for u, _l in TimeUnit.CHOICES]),
                name="sop_step_time_has_amount_and_unit",
            )
        ]

    def __str__(self):
        return self.activity[:60]

    @property
    def time(self):
        if self.time_amount is None:
            return None
        return Duration(self.time_amount, self.time_unit)

    def as_data(self):
        return StepData(
            activity=self.activity,
            actors=list(self.actors or []),
            kind=self.kind,
            yes_step=self.yes_step,
            no_step=self.no_step,
            requirements=self.requirements,
            time=self.time,
            output=self.output,
            remarks=self.remarks,
        )


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


# A path on this site: "/" or "/x…" without a second slash or backslash at the start (which
# browsers read as another host) and without spaces.
LOCAL_PATH = re.compile(r"/(?:[^/\\\s][^\s\\]*)?")


class PortalService(index.Indexed, models.Model):
    """A service of the portal itself (booking the room, the schedule, …), so that search
    finds it by the words people use. Editable as a snippet."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), max_length=500)
    keywords = models.TextField(
        _("other words for it"),
        blank=True,
        help_text=_("Words people use when looking for this service, separated by commas."),
    )
    url = models.CharField(
        _("address"),
        max_length=200,
        help_text=_("A path on this portal, starting with /, e.g. /jadwal/."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("keywords"),
        FieldPanel("url"),
    ]
    search_fields = [
        index.SearchField("title", boost=TITLE_BOOST),
        index.SearchField("keywords", boost=SUMMARY_BOOST),
        index.SearchField("description", boost=BODY_BOOST),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("portal service")
        verbose_name_plural = _("portal services")

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if not LOCAL_PATH.fullmatch(self.url):
            raise ValidationError({"url": _("Enter a path on this portal, starting with /.")})


class SearchSynonym(models.Model):
    """A word or abbreviation people type, and the words pages use for the same thing.

    When a query contains the term (any of its word forms: “meminjam” contains “pinjam”), the
    search also looks for each of the alternatives."""

    term = models.CharField(
        _("term"),
        max_length=80,
        unique=True,
        help_text=_("A word, abbreviation or short phrase people type, e.g. APBDes."),
    )
    alternatives = models.TextField(
        _("alternatives"),
        help_text=_(
            "Other words or phrases for the same thing, separated by commas, e.g. "
            "anggaran pendapatan dan belanja desa."
        ),
    )

    panels = [FieldPanel("term"), FieldPanel("alternatives")]

    class Meta:
        ordering = ["term"]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self):
        return self.term

    def alternative_list(self):
        return [part.strip() for part in self.alternatives.split(",") if part.strip()]


class DocumentText(index.Indexed, models.Model):
    """The words of a document from the library (its title and the text inside the file),
    kept so that search finds a document by what it says."""

    document = models.OneToOneField(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        related_name="search_text",
        verbose_name=_("document"),
    )
    text = models.TextField(_("text"), blank=True)

    search_fields = [
        index.RelatedFields("document", [index.SearchField("title", boost=TITLE_BOOST)]),
        index.SearchField("text", boost=BODY_BOOST),
    ]

    class Meta:
        verbose_name = _("document text")
        verbose_name_plural = _("document texts")

    def __str__(self):
        return str(self.document_id)


class SearchLog(models.Model):
    """One search on the public site, without anything about who searched: the query as
    typed (normalised spacing and case), the day, how many results it found, and the result
    opened from it, if any."""

    query = models.CharField(_("query"), max_length=150)
    day = models.DateField(_("day"), db_index=True)
    results = models.PositiveIntegerField(_("results"))
    clicked_page = models.ForeignKey(
        GuidanceBasePage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("page opened"),
    )
    clicked_url = models.CharField(_("result opened"), max_length=200, blank=True)

    class Meta:
        ordering = ["-day"]
        verbose_name = _("search log entry")
        verbose_name_plural = _("search log")
        indexes = [models.Index(fields=["query", "day"], name="guidance_searchlog_query_day")]

    def __str__(self):
        return f"{self.day}: {self.query}"
