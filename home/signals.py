from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .caching import retire_stored_pages
from .models import ProblemCategory, Section, SiteSettings, Village

# Any of these changes what a stored page would show (content, navigation, footer, filters),
# which site answers a host, which page answers a path, or who may see it.
for signal in (page_published, page_unpublished, post_page_move):
    signal.connect(retire_stored_pages, dispatch_uid=f"retire-pages-{signal!r}")
for model in (SiteSettings, ProblemCategory, Section, Village, Site, PageViewRestriction):
    for signal in (post_save, post_delete):
        signal.connect(
            retire_stored_pages,
            sender=model,
            dispatch_uid=f"retire-pages-{model.__name__}-{signal!r}",
        )


def retire_on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page) and instance.live:
        retire_stored_pages()


post_delete.connect(retire_on_page_delete, dispatch_uid="retire-pages-page-deleted")
