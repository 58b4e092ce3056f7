from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from .caching import retire_stored_pages
from .models import ProblemCategory, Section, SiteSettings, Village

# Any of these changes what a stored page would show (content, navigation, footer, filters).
for signal in (page_published, page_unpublished, post_page_move):
    signal.connect(retire_stored_pages, dispatch_uid=f"retire-pages-{signal!r}")
for model in (SiteSettings, ProblemCategory, Section, Village):
    for signal in (post_save, post_delete):
        signal.connect(
            retire_stored_pages,
            sender=model,
            dispatch_uid=f"retire-pages-{model.__name__}-{signal!r}",
        )
