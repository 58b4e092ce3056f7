"""The guidance app's fixed values and choices. A leaf: it imports nothing of the app, so
models, forms, selectors and views can all use it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# An SOP's flowchart has at most this many actor columns (they must fit an A4 landscape page).
MAX_ACTORS = 12


class StepKind(models.TextChoices):
    """The flowchart symbol of an SOP step."""

    START = "start", _("Start")
    PROCESS = "process", _("Process")
    DECISION = "decision", _("Decision")
    END = "end", _("End")


# The guidance index's orderings (`?urut=`), the first one the default.
ORDERINGS = {"terbaru": ("-first_published_at", "title"), "abjad": ("title",)}
DEFAULT_ORDER = "terbaru"
INDEX_PER_PAGE = 12
# How many related pages a guidance page or SOP shows.
RELATED_LIMIT = 5
# The longest search query accepted.
MAX_QUERY_LENGTH = 150

# Search boosts: PostgreSQL weighs a page's words in four classes (A–D); these four values
# become the classes A, B, C and D, in that order (modelsearch maps boosts to weights).
TITLE_BOOST = 10
SUMMARY_BOOST = 5
HEADING_BOOST = 3
BODY_BOOST = 2
# The kinds of search result, as shown beside each result.
RESULT_KINDS = ("sop", "panduan", "dokumen", "layanan")
