"""StreamField blocks for guidance pages. Each block has its own template, a description for
editors and a preview value for the block picker."""

import copy

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from home.caching import digest, fragment

RICH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class KeptChooserMixin:
    """A chooser whose chosen objects are read once per content generation (home.caching).

    A page is kept with its body as stored data (home/routing.py), so its blocks are converted
    again on every view; the documents, images and pages chosen change only together with the
    generation (publishing and editing them retires it), so they are kept beside the page."""

    def bulk_to_python(self, values):
        ids = sorted({value for value in values if value is not None}, key=str)
        if not ids:
            return [None for _value in values]
        model = self.model_class
        found = fragment(
            f"chosen:{model._meta.label_lower}:{digest(*ids)}", lambda: model.objects.in_bulk(ids)
        )
        result, seen = [], set()
        for value in values:
            obj = found.get(value)
            if obj is not None and value in seen:  # the same object twice: a copy, as Wagtail
                obj = copy.copy(obj)
            result.append(obj)
            seen.add(value)
        return result


class KeptDocumentChooserBlock(KeptChooserMixin, DocumentChooserBlock):
    pass


class KeptImageChooserBlock(KeptChooserMixin, ImageChooserBlock):
    pass


class KeptPageChooserBlock(KeptChooserMixin, blocks.PageChooserBlock):
    pass


TEMPLATES = "guidance/blocks/"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("heading"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("level"),
        choices=[("h2", _("Section heading")), ("h3", _("Subheading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = TEMPLATES + "heading.html"
        description = _("A heading that starts a new section of the page.")
        preview_value = {"text": "Persiapan sebelum datang", "level": "h2"}


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("step"), max_length=150)
    text = blocks.RichTextBlock(label=_("explanation"), features=RICH_FEATURES, required=False)


class StepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=150, required=False)
    steps = blocks.ListBlock(StepBlock(), label=_("steps"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Numbered steps")
        template = TEMPLATES + "steps.html"
        description = _("Steps a reader follows in order, each with a short explanation.")
        preview_value = {
            "title": "Langkah pengajuan",
            "steps": [
                {"title": "Siapkan dokumen", "text": "<p>Bawa surat pengantar desa.</p>"},
                {"title": "Ajukan jadwal", "text": "<p>Pilih waktu yang masih kosong.</p>"},
            ],
        }


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[("info", _("Information")), ("warning", _("Warning"))],
        default="info",
    )
    title = blocks.CharBlock(label=_("title"), max_length=120, required=False)
    text = blocks.RichTextBlock(label=_("text"), features=RICH_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = TEMPLATES + "callout.html"
        description = _("A highlighted note: information, or a warning readers must not miss.")
        preview_value = {
            "kind": "warning",
            "title": "Perhatian",
            "text": "<p>Laporan yang terlambat menunda pencairan dana tahap berikutnya.</p>",
        }


class DocumentBlock(blocks.StructBlock):
    document = KeptDocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("link text"),
        max_length=150,
        required=False,
        help_text=_("Leave empty to use the document's title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document download")
        template = TEMPLATES + "document.html"
        description = _("A file from the document library, shown with its type and size.")


class ImageBlock(blocks.StructBlock):
    image = KeptImageChooserBlock(label=_("image"))
    alt = blocks.CharBlock(
        label=_("alternative text"),
        max_length=250,
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("caption"), max_length=250, required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = TEMPLATES + "image.html"
        description = _("An image with required alternative text and an optional caption.")


def parse_table(data):
    """Rows of cells from text with one row per line and cells separated by |."""
    return [
        [cell.strip() for cell in line.split("|")] for line in data.splitlines() if line.strip()
    ]


class TableBlock(blocks.StructBlock):
    caption = blocks.CharBlock(label=_("caption"), max_length=200)
    data = blocks.TextBlock(
        label=_("rows"),
        help_text=_(
            "One row per line, cells separated by a vertical bar |. The first line is the header."
        ),
    )

    class Meta:
        icon = "table"
        label = _("Table")
        template = TEMPLATES + "table.html"
        description = _("A simple table with a caption and a header row.")
        preview_value = {
            "caption": "Jadwal laporan",
            "data": "Laporan | Batas waktu\nRealisasi semester I | Juli\nRealisasi akhir | Januari",
        }

    def clean(self, value):
        value = super().clean(value)
        rows = parse_table(value["data"])
        if len(rows) < 2:
            raise StructBlockValidationError(
                {
                    "data": ErrorList(
                        [ValidationError(_("Enter a header line and at least one row."))]
                    )
                }
            )
        if len({len(row) for row in rows}) != 1:
            raise StructBlockValidationError(
                {
                    "data": ErrorList(
                        [ValidationError(_("Every line needs the same number of cells."))]
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        rows = parse_table(value["data"])
        context["header"], context["rows"] = (rows[0], rows[1:]) if rows else ([], [])
        return context


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=250)
    answer = blocks.RichTextBlock(label=_("answer"), features=RICH_FEATURES)


class QuestionsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=150, required=False)
    items = blocks.ListBlock(QuestionBlock(), label=_("questions"), min_num=1)

    class Meta:
        icon = "help"
        label = _("Questions & answers")
        template = TEMPLATES + "questions.html"
        description = _(
            "Questions readers often ask; each answer opens when its question is chosen."
        )
        preview_value = {
            "title": "Pertanyaan umum",
            "items": [
                {"question": "Apakah harus datang langsung?", "answer": "<p>Tidak selalu.</p>"}
            ],
        }


class LinkBlock(blocks.StructBlock):
    page = KeptPageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("web address"), required=False)
    title = blocks.CharBlock(
        label=_("link text"),
        max_length=150,
        required=False,
        help_text=_("Required for a web address; for a page its title is used when empty."),
    )

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        if not value.get("page") and not value.get("url"):
            errors["page"] = ErrorList(
                [ValidationError(_("Choose a page or enter a web address."))]
            )
        if value.get("url") and not value.get("page") and not value.get("title"):
            errors["title"] = ErrorList([ValidationError(_("Enter the text for this link."))])
        if errors:
            raise StructBlockValidationError(errors)
        return value


class RelatedLinksBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=150, required=False)
    links = blocks.ListBlock(LinkBlock(), label=_("links"), min_num=1)

    class Meta:
        icon = "link"
        label = _("Related links")
        template = TEMPLATES + "links.html"
        description = _("Links to other pages of the portal or to official websites.")
        preview_value = {
            "title": "Tautan terkait",
            "links": [
                {"url": "https://jdih.balangankab.go.id/", "title": "JDIH Kabupaten Balangan"}
            ],
        }


class GuidanceBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    text = blocks.RichTextBlock(
        label=_("Rich text"),
        features=["h3", *RICH_FEATURES],
        template=TEMPLATES + "text.html",
        description=_("Paragraphs with bold, italics, lists and links."),
        preview_value="<p>Pemerintah desa menyusun laporan setiap semester.</p>",
        icon="pilcrow",
    )
    steps = StepsBlock()
    callout = CalloutBlock()
    document = DocumentBlock()
    image = ImageBlock()
    table = TableBlock()
    questions = QuestionsBlock()
    links = RelatedLinksBlock()


def body_headings(body):
    """The text a reader scans first in a guidance body: headings, titles of step lists,
    steps, callouts, tables and question lists, and every question."""
    texts = []
    for block in body:
        value = block.value
        if block.block_type == "heading":
            texts.append(value["text"])
        elif block.block_type in ("steps", "callout", "questions", "links"):
            texts.append(value.get("title") or "")
            if block.block_type == "steps":
                texts += [step["title"] for step in value["steps"]]
            if block.block_type == "questions":
                texts += [item["question"] for item in value["items"]]
        elif block.block_type == "table":
            texts.append(value["caption"])
    return [text for text in texts if text]
