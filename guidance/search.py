"""Search that answers questions as people type them.

Wagtail's search API (modelsearch's PostgreSQL backend, `indonesian` configuration) stays the
entry point; this module only decides what to ask it:

1. The query's meaningful words (`query_words`: question and function words dropped) and, for
   each synonym or abbreviation the query contains (`SearchSynonym`, matched on stemmed words),
   its alternatives.
2. One `Or` of them: a page matching any word is found, and since the backend ranks an `Or` as
   the sum of each word's rank, a page covering more of the words ranks higher. Each word
   counts more in the title than in the summary, in the summary than in the headings, and in
   the headings than in the body (the boosts in `constants`).
3. Guidance pages and SOPs, the portal's services and the documents (with the text inside
   their files) are searched alike and merged by score.
4. When nothing matches, trigram similarity (`pg_trgm`) finds the titles and synonyms closest
   to the words as typed; their closest words become the “did you mean” suggestion, searched.

The number of SQL queries does not depend on how much content there is.
"""

import hashlib
import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchHeadline, SearchQuery
from django.db import connection
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry
from wagtail.search.query import Or, Phrase, PlainText
from wagtail.search.utils import normalise_query_string

from home.caching import fragment, public

from .models import DocumentText, GuidanceBasePage, PortalService, SearchSynonym
from .query_words import meaningful_words, words

CONFIG = "indonesian"
# How many of each kind are ranked before merging; the merged list is paginated.
PAGE_LIMIT = 30
SERVICE_LIMIT = 10
DOCUMENT_LIMIT = 20
# Scores are comparable across kinds; a service or document matching only weakly is left out
# so that it does not push pages down.
PASSAGE_START, PASSAGE_END = "\x02", "\x03"
FUZZY_MIN_SIMILARITY = 0.45
COMPOUND = re.compile(r"[^\W_][/.\-][^\W_]")


@dataclass
class Hit:
    key: str
    kind: str  # sop, panduan, dokumen, layanan
    title: str
    link: str  # the address; empty for a page, whose address is worked out when asked for
    summary: str
    updated: object
    score: float
    obj: object = None
    categories: list = field(default_factory=list)
    passage: str = ""
    promoted: bool = False

    @property
    def url(self):
        return self.link or (self.obj.url if self.obj is not None else "")

    @property
    def open_kind(self):
        """The kind in the address that opens the result (`/cari/buka/<kind>/<pk>/`)."""
        return "halaman" if self.kind in ("sop", "panduan") else self.kind


@dataclass
class Outcome:
    query: str
    terms: list
    hits: list
    suggestion: str = ""
    expansions: list = field(default_factory=list)


def _query_key(name, query):
    return f"{name}:{hashlib.sha256(query.encode()).hexdigest()}"


def synonyms_for(query):
    """The synonyms the query contains, by their term or by one of their alternatives, word
    forms included, as (term, alternatives) pairs: one query, then kept per content generation
    (editing a synonym retires it)."""
    return fragment(
        _query_key("search-synonyms", query),
        lambda: [
            (synonym.term, synonym.alternative_list()) for synonym in _synonyms_matching(query)
        ],
    )


def _synonyms_matching(query):
    return list(
        SearchSynonym.objects.raw(
            """
            SELECT id, term, alternatives FROM guidance_searchsynonym
            WHERE to_tsvector(%(config)s, %(q)s) @@ phraseto_tsquery(%(config)s, term)
               OR EXISTS (
                   SELECT 1 FROM unnest(string_to_array(alternatives, ',')) AS alternative
                   WHERE btrim(alternative) <> ''
                     AND to_tsvector(%(config)s, %(q)s)
                         @@ phraseto_tsquery(%(config)s, btrim(alternative)))
            ORDER BY term
            """,
            {"config": CONFIG, "q": query},
        )
    )


def expansions_for(query, terms):
    """Words and phrases to look for besides the query's own words."""
    seen = set(terms)
    extra = []
    for term, alternatives in synonyms_for(query):
        for text in [term, *alternatives]:
            text = " ".join(words(text))
            if text and text not in seen:
                seen.add(text)
                extra.append(text)
    return extra


def compounds(query):
    """Codes typed whole, such as SOP numbers (800/01/SOP-RP): the parser keeps them as one
    token, so they are looked for as typed besides their separate words."""
    chunks = (chunk.strip(".,;:!?()[]\"'") for chunk in query.split())
    return [chunk for chunk in chunks if COMPOUND.search(chunk)]


def build_query(terms, expansions):
    """One `Or` of every word and every synonym: each counts alike, and the backend ranks an
    `Or` as the sum of its parts' ranks, so covering more of them ranks higher."""
    parts = [PlainText(term) for term in terms]
    parts += [PlainText(text) if text.isalnum() else Phrase(text) for text in expansions]
    return parts[0] if len(parts) == 1 else Or(parts)


def _websearch(terms, expansions):
    """The same words as a `websearch_to_tsquery` string, for highlighting."""
    parts = list(terms) + [f'"{text}"' if " " in text else text for text in expansions]
    return " or ".join(parts)


def _categories_by_page():
    """page id → its problem categories, for every page at once; kept per content generation
    (publishing a page or editing a category retires it)."""

    def compute():
        from home.models import ProblemCategory

        categories = {category.pk: category for category in ProblemCategory.objects.all()}
        through = GuidanceBasePage.categories.through
        found = {}
        rows = through.objects.order_by("pk").values_list(
            "guidancebasepage_id", "problemcategory_id"
        )
        for page_id, category_id in rows:
            found.setdefault(page_id, []).append(categories[category_id])
        for listed in found.values():
            listed.sort(key=lambda category: (category.order, category.name))
        return found

    return fragment("search-page-categories", compute)


def _page_hit(page, score, categories=None):
    specific_model = page.content_type.model
    return Hit(
        key=f"page:{page.slug}",
        kind="sop" if specific_model == "soppage" else "panduan",
        title=page.title,
        link="",
        summary=page.summary,
        updated=page.last_published_at,
        score=score,
        obj=page,
        categories=(categories or {}).get(page.pk, []),
    )


def _service_hit(service, score):
    return Hit(
        key=f"layanan:{service.slug}",
        kind="layanan",
        title=service.title,
        link=service.url,
        summary=service.description,
        updated=service.updated_at,
        score=score,
        obj=service,
    )


def _document_hit(entry, score):
    document = entry.document
    return Hit(
        key=f"dokumen:{document.title}",
        kind="dokumen",
        title=document.title,
        link=document.url,
        summary="",
        updated=document.created_at,
        score=score,
        obj=document,
    )


def _ranked(queryset, query, limit):
    results = get_search_backend().search(query, queryset).annotate_score("_score")
    return [(item, item._score or 0.0) for item in results[:limit]]


def _search_all(query, category):
    pages = public(GuidanceBasePage.objects.live())
    if category:
        pages = pages.filter(pk__in=category.guidance_pages.values("pk"))
    ranked = _ranked(pages.select_related("content_type"), query, PAGE_LIMIT)
    categories = _categories_by_page() if ranked else {}
    hits = [_page_hit(page, score, categories) for page, score in ranked]
    if not category:
        hits += [
            _service_hit(service, score)
            for service, score in _ranked(PortalService.objects.all(), query, SERVICE_LIMIT)
        ]
        hits += [
            _document_hit(entry, score)
            for entry, score in _ranked(
                DocumentText.objects.select_related("document"), query, DOCUMENT_LIMIT
            )
        ]
    hits.sort(key=lambda hit: -hit.score)
    return hits


def _entry_key(hit):
    """(content type id, object id) of the hit's index entry."""
    if hit.kind == "dokumen":
        return ContentType.objects.get_for_model(DocumentText).pk, str(hit.obj.search_text.pk)
    if hit.kind == "layanan":
        return ContentType.objects.get_for_model(PortalService).pk, str(hit.obj.pk)
    return hit.obj.content_type_id, str(hit.obj.pk)  # pages: indexed under their own type


def required_coverage(terms):
    """How many of the words (or their synonyms) a result must contain: one of one or two
    words, two of three or more. A result sharing one common word with a long question
    does not answer it."""
    return 1 if len(terms) < 3 else 2


def _covering(hits, terms, expansions):
    """The hits that contain enough of the query's words, counted in their index entries
    (one query)."""
    if not hits or required_coverage(terms) <= 1:
        return hits
    items = [*terms, *expansions]
    matches = ", ".join("(title || body) @@ phraseto_tsquery(%s, %s)" for _item in items)
    keys = {_entry_key(hit): hit for hit in hits}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT content_type_id, object_id, ARRAY[{matches}] "  # noqa: S608
            f"FROM {IndexEntry._meta.db_table} "
            "WHERE content_type_id = ANY(%s) AND object_id = ANY(%s)",
            [
                *[value for item in items for value in (CONFIG, item)],
                list({key[0] for key in keys}),
                list({key[1] for key in keys}),
            ],
        )
        rows = cursor.fetchall()
    enough = set()
    term_count = len(terms)
    for content_type_id, object_id, flags in rows:
        covered = sum(flags[:term_count])
        # A synonym found counts once, for the word it stands for.
        covered += min(sum(flags[term_count:]), max(0, term_count - covered))
        if covered >= required_coverage(terms):
            enough.add((content_type_id, object_id))
    return [hit for hit in hits if _entry_key(hit) in enough]


def _promoted(query):
    """Results the editors pinned to this query (Wagtail's search promotions), first; kept per
    content generation (saving or deleting a promotion retires them)."""
    return fragment(_query_key("search-promotions", query), lambda: _promotions_for(query))


def _promotions_for(query):
    promotions = (
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query))
        .select_related("page")
        .order_by("sort_order")
    )
    hits = []
    for promotion in promotions:
        page = promotion.page
        if page is not None and not page.live:
            continue
        hits.append(
            Hit(
                key=f"page:{page.slug}" if page else f"tautan:{promotion.external_link_url}",
                kind="panduan",
                title=promotion.title or "",
                link=page.url if page else promotion.external_link_url,
                summary=promotion.description,
                updated=page.last_published_at if page else None,
                score=float("inf"),
                promoted=True,
            )
        )
    return hits


def _similarity(a, b):
    """pg_trgm's trigram similarity of two words, computed the same way in Python."""

    def trigrams(word):
        padded = f"  {word} "
        return {padded[i : i + 3] for i in range(len(padded) - 2)}

    left, right = trigrams(a), trigrams(b)
    return len(left & right) / len(left | right) if left and right else 0.0


def _suggest(terms):
    """Pages whose words are close to the terms (pg_trgm), and for each term the closest word
    of those pages: the query as it was probably meant, or "" if nothing is close."""
    texts = _fuzzy_texts(terms)
    vocabulary = {word for text in texts for word in words(text) if len(word) > 2}
    corrected = []
    changed = False
    for term in terms:
        best = max(vocabulary, key=lambda word: (_similarity(term, word), -len(word)), default="")
        if best and best != term and _similarity(term, best) >= FUZZY_MIN_SIMILARITY:
            corrected.append(best)
            changed = True
        else:
            corrected.append(term)
    return " ".join(corrected) if changed else ""


def _fuzzy_texts(terms):
    """Titles (of pages, services, documents) and synonyms whose words are most similar to
    the terms: short texts, so the comparison stays fast on a large index (one query)."""
    conditions = " OR ".join(["%s <%% text"] * len(terms))
    score = " + ".join(["word_similarity(%s, text)"] * len(terms))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT text FROM ("  # noqa: S608
            f"  SELECT title_text AS text FROM {IndexEntry._meta.db_table}"
            f"  UNION ALL SELECT term || ' ' || alternatives FROM {SearchSynonym._meta.db_table}"
            f") AS vocabulary WHERE {conditions} ORDER BY {score} DESC LIMIT 10",
            [*terms, *terms],
        )
        return [row[0] for row in cursor.fetchall()]


def add_passages(hits, terms, expansions):
    """The passage of each hit that matched, with the matching words marked (one query)."""
    if not hits or connection.vendor != "postgresql":
        return
    wanted = {}
    for hit in hits:
        if hit.obj is None:
            continue
        if hit.kind == "dokumen":
            model, pk = DocumentText, hit.obj.search_text.pk
        elif hit.kind == "layanan":
            model, pk = PortalService, hit.obj.pk
        else:
            model, pk = None, hit.obj.pk  # a page: indexed under its specific type
        wanted[(model, str(pk))] = hit
    content_types = ContentType.objects.get_for_models(
        *{model for model, _pk in wanted if model is not None}
    )
    condition = Q(pk__in=[])
    by_entry = {}
    for (model, pk), hit in wanted.items():
        if model is None:
            condition |= Q(object_id=pk, content_type_id__in=_page_content_type_ids())
            by_entry[("page", pk)] = hit
        else:
            condition |= Q(object_id=pk, content_type=content_types[model])
            by_entry[(content_types[model].pk, pk)] = hit
    query = SearchQuery(_websearch(terms, expansions), config=CONFIG, search_type="websearch")
    entries = IndexEntry.objects.filter(condition).annotate(
        passage=SearchHeadline(
            F("body_text"),
            query,
            config=CONFIG,
            start_sel=PASSAGE_START,
            stop_sel=PASSAGE_END,
            max_words=25,
            min_words=12,
            max_fragments=1,
            fragment_delimiter=" … ",
        )
    )
    page_ids = set(_page_content_type_ids())
    for entry in entries.values_list("content_type_id", "object_id", "passage"):
        content_type_id, object_id, passage = entry
        key = ("page", object_id) if content_type_id in page_ids else (content_type_id, object_id)
        hit = by_entry.get(key)
        if hit is not None and PASSAGE_START in (passage or ""):
            hit.passage = _marked(passage)


def _marked(passage):
    text = escape(re.sub(r"\s+", " ", passage).strip())
    return mark_safe(text.replace(PASSAGE_START, "<mark>").replace(PASSAGE_END, "</mark>"))  # noqa: S308


def _page_content_type_ids():
    from .models import GuidancePage, SopPage

    return [ct.pk for ct in ContentType.objects.get_for_models(GuidancePage, SopPage).values()]


def _plain_search(query, terms, category):
    """Without PostgreSQL (the SQLite development default): Wagtail's own search for any of
    the words over pages and services; synonyms, coverage, passages and suggestions need
    PostgreSQL's full-text search and are left out."""
    backend = get_search_backend()
    text = " ".join(terms)
    pages = public(GuidanceBasePage.objects.live()).select_related("content_type")
    if category:
        pages = pages.filter(pk__in=category.guidance_pages.values("pk"))
    found = list(backend.search(text, pages, operator="or")[:PAGE_LIMIT])
    categories = _categories_by_page() if found else {}
    hits = [_page_hit(page, 0.0, categories) for page in found]
    if not category:
        services = backend.search(text, PortalService.objects.all(), operator="or")
        hits += [_service_hit(service, 0.0) for service in services[:SERVICE_LIMIT]]
    return Outcome(query=query, terms=terms, hits=hits)


def run_search(query, category=None):
    """The results for a query, best first, and a suggestion when nothing matched."""
    terms = meaningful_words(query)
    if not terms:
        return Outcome(query=query, terms=[], hits=[])
    if connection.vendor != "postgresql":
        return _plain_search(query, terms, category)
    expansions = expansions_for(query, terms) + compounds(query)
    hits = _covering(_search_all(build_query(terms, expansions), category), terms, expansions)
    suggestion = ""
    if not hits:
        suggestion = _suggest(terms)
        if suggestion:
            terms = meaningful_words(suggestion)
            expansions = expansions_for(suggestion, terms)
            hits = _covering(
                _search_all(build_query(terms, expansions), category), terms, expansions
            )
    promoted = _promoted(query)
    if promoted:
        keys = {hit.key for hit in promoted}
        hits = promoted + [hit for hit in hits if hit.key not in keys]
    return Outcome(
        query=query, terms=terms, hits=hits, suggestion=suggestion, expansions=expansions
    )
