from django import template

register = template.Library()


@register.filter
def document_size(document):
    """The file size in bytes: the stored figure, else read from storage; None if missing."""
    if document.file_size:
        return document.file_size
    try:
        return document.file.size
    except (OSError, ValueError):
        return None
