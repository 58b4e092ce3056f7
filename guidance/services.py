"""Writes that carry the guidance app's rules."""

import logging

from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from .constants import MAX_QUERY_LENGTH
from .models import PageFeedback, SearchLog, SopActor, SopPage, SopProcedure, SopStep

logger = logging.getLogger(__name__)
# A search never waits for its log line longer than this.
LOG_TIMEOUT_MS = 200


# The log's short waits and its row in one round trip (constants only; the values are bound).
LOG_INSERT = (
    f"SET LOCAL lock_timeout = {int(LOG_TIMEOUT_MS)}; "  # noqa: S608
    f"SET LOCAL statement_timeout = {int(LOG_TIMEOUT_MS)}; "
    "INSERT INTO guidance_searchlog (query, day, results, clicked_page_id, clicked_url) "
    "VALUES (%s, %s, %s, %s, %s)"
)


def search_log(*, query, results, clicked_page=None, clicked_url=""):
    """Note one search (or one result opened from it): the query, the day, the number of
    results and what was opened; nothing about who searched. A log that cannot be written
    (table locked, missing, database slow) is skipped: the search itself never fails or waits
    for it."""
    own_transaction = not connection.in_atomic_block
    values = {
        "query": " ".join(query.lower().split())[:MAX_QUERY_LENGTH],
        "day": timezone.localdate(),
        "results": results,
        "clicked_page": clicked_page,
        "clicked_url": clicked_url[:200],
    }
    try:
        if own_transaction and connection.vendor == "postgresql":
            # In autocommit PostgreSQL runs the statements of one call as one implicit
            # transaction: SET LOCAL bounds the insert's waits, in a single round trip.
            with connection.cursor() as cursor:
                cursor.execute(
                    LOG_INSERT,
                    [
                        values["query"],
                        values["day"],
                        values["results"],
                        clicked_page.pk if clicked_page is not None else None,
                        values["clicked_url"],
                    ],
                )
            return True
        with transaction.atomic():
            return SearchLog.objects.create(**values)
    except DatabaseError:
        logger.warning("Search log not written", exc_info=True)
        return None


@transaction.atomic
def feedback_record(*, page, helpful, comment=""):
    """Store one answer to “Was this page helpful?”: the page, yes/no and the comment only."""
    return PageFeedback.objects.create(page=page, helpful=helpful, comment=comment.strip()[:500])


def _free_slug(parent, title):
    base = slugify(title)[:70] or "sop"
    taken = set(parent.get_children().values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def sop_import(*, document, parent, by=None):
    """A new draft SOP under `parent` from an ``SopDocument`` that ``read_workbook`` accepted.

    Never publishes: the draft goes through the moderation workflow like any other."""
    identity = dict(document.identity)
    page = SopPage(
        slug=_free_slug(parent, identity["title"]),
        live=False,
        owner=by,
        **identity,
    )
    for position, name in enumerate(document.actors):
        page.actors.add(SopActor(name=name, sort_order=position))
    position = 0
    for order, procedure in enumerate(document.procedures):
        page.procedures.add(SopProcedure(title=procedure.title, sort_order=order))
        for step in procedure.steps:
            page.steps.add(
                SopStep(
                    procedure=procedure.title,
                    activity=step.activity,
                    actors=list(step.actors),
                    kind=step.kind,
                    yes_step=step.yes_step,
                    no_step=step.no_step,
                    requirements=step.requirements,
                    time_amount=step.time.amount if step.time else None,
                    time_unit=step.time.unit if step.time else "",
                    output=step.output,
                    remarks=step.remarks,
                    sort_order=position,
                )
            )
            position += 1
    parent.add_child(instance=page)
    page.save_revision(user=by, log_action=True)
    return page
