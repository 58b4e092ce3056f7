"""Keep a CDN in step with publishing: Wagtail's frontend cache purges the page itself; we also
purge the guidance index (whose list changed) and the document list."""

from django.urls import reverse
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.signals import page_published, page_unpublished


def purge_guidance(sender, instance, **kwargs):
    from .models import GuidanceBasePage, GuidanceIndexPage

    if not isinstance(instance, GuidanceBasePage | GuidanceIndexPage):
        return
    batch = PurgeBatch()
    batch.add_page(instance)
    parent = instance.get_parent()
    if parent is not None and parent.specific_class is GuidanceIndexPage:
        batch.add_page(parent)
    site = instance.get_site()
    if site is not None:
        batch.add_url(site.root_url + reverse("guidance:documents"))
    batch.purge()


def document_saved(sender, instance, **kwargs):
    from .document_text import update_document_text

    update_document_text(instance)


def index_search_entries(**kwargs):
    """Portal services and document texts created by migrations (which cannot index them)
    enter the search index after `migrate`; the rest are indexed as they are saved."""
    from wagtail.search.index import insert_or_update_object

    from .models import DocumentText, PortalService

    for model in (PortalService, DocumentText):
        for obj in model.objects.filter(index_entries__isnull=True):
            insert_or_update_object(obj)


def retire_search_fragments(sender, **kwargs):
    """Synonyms and promotions found for a query are kept per content generation."""
    from home.caching import retire_stored_pages

    retire_stored_pages()


def connect():
    from django.db.models.signals import post_delete, post_save
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion
    from wagtail.documents import get_document_model

    from .models import SearchSynonym

    for model in (SearchSynonym, SearchPromotion, Query):
        for signal in (post_save, post_delete):
            signal.connect(
                retire_search_fragments,
                sender=model,
                dispatch_uid=f"guidance-search-fragments-{model.__name__}-{signal!r}",
            )

    post_save.connect(
        document_saved, sender=get_document_model(), dispatch_uid="guidance-document-text"
    )
    page_published.connect(purge_guidance, dispatch_uid="guidance-purge-published")
    page_unpublished.connect(purge_guidance, dispatch_uid="guidance-purge-unpublished")
