from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .caching import retire_stored_pages
from .models import BodyKind, ProblemCategory, Section, SiteSettings, Village

# Any of these changes what a stored page would show (content, navigation, footer, filters),
# which site answers a host, which page answers a path, or who may see it.
for signal in (page_published, page_unpublished, post_page_move):
    signal.connect(retire_stored_pages, dispatch_uid=f"retire-pages-{signal!r}")
for model in (ProblemCategory, Section, Village, BodyKind, Site, PageViewRestriction):
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


def _retire_with_media():
    """Documents and images are shown in pages (and kept with them): editing one retires."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    for model in (get_document_model(), get_image_model()):
        for signal in (post_save, post_delete):
            signal.connect(
                retire_stored_pages,
                sender=model,
                dispatch_uid=f"retire-pages-{model.__name__}-{signal!r}",
            )


_retire_with_media()


def retire_on_settings_change(sender, instance, created=False, **kwargs):
    """Editing the settings retires stored pages; the row Wagtail creates with its defaults
    on the first view ever changes nothing that was shown."""
    if not created:
        retire_stored_pages()


post_save.connect(retire_on_settings_change, sender=SiteSettings, dispatch_uid="retire-settings")
post_delete.connect(retire_stored_pages, sender=SiteSettings, dispatch_uid="retire-settings-gone")
