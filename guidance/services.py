"""Writes that carry the guidance app's rules."""

from django.db import transaction

from .models import PageFeedback


@transaction.atomic
def feedback_record(*, page, helpful, comment=""):
    """Store one answer to “Was this page helpful?”: the page, yes/no and the comment only."""
    return PageFeedback.objects.create(page=page, helpful=helpful, comment=comment.strip()[:500])
