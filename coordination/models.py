"""What coordination sessions achieve: attendance, minutes, decisions and follow-up actions.

Models hold data and invariants only; every write that carries a business rule lives in
`coordination.services`.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from bookings.models import Booking, private_storage
from home import roles
from home.models import Section
from home.wita import today as wita_today

MINUTES_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]


class SessionOutcome(ClusterableModel):
    """The record of one session: who came, the minutes, the decisions and the follow-ups."""

    booking = models.OneToOneField(
        Booking, on_delete=models.PROTECT, related_name="outcome", verbose_name=_("session")
    )
    officials = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        limit_choices_to={"groups__name": roles.STAFF},
        verbose_name=_("kecamatan officials present"),
    )
    minutes = RichTextField(_("minutes (notulen)"), blank=True, features=MINUTES_FEATURES)
    decisions = models.TextField(
        _("decisions taken"), blank=True, help_text=_("One decision per line.")
    )
    published = models.BooleanField(
        _("minutes published to the village"),
        default=False,
        help_text=_("The village sees the minutes and decisions and gets an e-mail once."),
    )
    published_at = models.DateTimeField(_("first published at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-booking__start"]
        verbose_name = _("session outcome")
        verbose_name_plural = _("session outcomes")

    def __str__(self):
        return str(self.booking)

    @cached_property
    def decisions_list(self):
        return [line.strip() for line in self.decisions.splitlines() if line.strip()]


class Attendee(Orderable):
    """One person who came for the village."""

    class Gender(models.TextChoices):
        FEMALE = "f", _("Female")
        MALE = "m", _("Male")

    outcome = ParentalKey(SessionOutcome, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("name"), max_length=120)
    position = models.CharField(_("position"), max_length=120, blank=True)
    gender = models.CharField(
        _("gender (optional, for reporting)"), max_length=1, choices=Gender.choices, blank=True
    )

    class Meta(Orderable.Meta):
        verbose_name = _("village attendee")
        verbose_name_plural = _("village attendees")

    def __str__(self):
        return self.name


class GuidanceLink(Orderable):
    """A guidance or SOP page that answers the problem discussed."""

    outcome = ParentalKey(SessionOutcome, on_delete=models.CASCADE, related_name="guidance_links")
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )

    class Meta(Orderable.Meta):
        verbose_name = _("guidance link")
        verbose_name_plural = _("guidance links")
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "page"], name="coordination_guidancelink_once"
            )
        ]

    def __str__(self):
        return str(self.page)


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    REPORTED = "reported", _("Reported done, awaiting confirmation")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


# Which status may move to which. Forward only, with one way back: staff reopen (→ in progress)
# an action a village reported done when the evidence does not show it.
FOLLOW_UP_MOVES = {
    FollowUpStatus.OPEN: (
        FollowUpStatus.IN_PROGRESS,
        FollowUpStatus.REPORTED,
        FollowUpStatus.DONE,
        FollowUpStatus.CANCELLED,
    ),
    FollowUpStatus.IN_PROGRESS: (
        FollowUpStatus.REPORTED,
        FollowUpStatus.DONE,
        FollowUpStatus.CANCELLED,
    ),
    FollowUpStatus.REPORTED: (
        FollowUpStatus.DONE,
        FollowUpStatus.IN_PROGRESS,
        FollowUpStatus.CANCELLED,
    ),
    FollowUpStatus.DONE: (),
    FollowUpStatus.CANCELLED: (),
}

# The only move the responsible village makes itself: report the action done (with a note and
# evidence); staff make every other move, and confirm (→ done) or reopen (→ in progress) a report.
VILLAGE_MOVES = (FollowUpStatus.REPORTED,)

# Not done yet: a reported action counts as open until staff confirm it.
OPEN_STATUSES = (FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS, FollowUpStatus.REPORTED)
# Waiting for the village itself (what its reminders and "due" counts are about).
VILLAGE_TODO_STATUSES = (FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS)


class FollowUpQuerySet(models.QuerySet):
    def still_open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today):
        return self.still_open().filter(due_date__lt=today)

    def village_overdue(self, today):
        """Overdue and still the village's to do (not reported done)."""
        return self.filter(status__in=VILLAGE_TODO_STATUSES, due_date__lt=today)

    def for_village(self, village):
        return self.filter(outcome__booking__village=village)


class FollowUp(Orderable):
    """A follow-up action (tindak lanjut): what, who is responsible, by when, and how far."""

    Status = FollowUpStatus

    class Owner(models.TextChoices):
        VILLAGE = "village", _("The village")
        SECTION = "section", _("A kecamatan section")

    outcome = ParentalKey(SessionOutcome, on_delete=models.CASCADE, related_name="follow_ups")
    title = models.CharField(_("action"), max_length=300)
    owner = models.CharField(
        _("responsible"), max_length=10, choices=Owner.choices, default=Owner.VILLAGE
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("responsible section"),
        help_text=_("Only when a kecamatan section is responsible."),
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.OPEN,
        db_index=True,
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = FollowUpQuerySet.as_manager()

    class Meta(Orderable.Meta):
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(owner="village", section__isnull=True)
                    | models.Q(owner="section", section__isnull=False)
                ),
                name="coordination_followup_owner_matches_section",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="cancelled") | ~models.Q(cancel_reason=""),
                name="coordination_followup_cancel_has_reason",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.owner == self.Owner.SECTION and self.section_id is None:
            raise ValidationError({"section": _("Choose the responsible section.")})
        if self.owner == self.Owner.VILLAGE and self.section_id is not None:
            raise ValidationError(
                {"section": _("Leave the section empty when the village is responsible.")}
            )

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_reported(self):
        return self.status == FollowUpStatus.REPORTED

    @property
    def staff_moves(self):
        """(status, label) pairs staff may move this action to, from `FOLLOW_UP_MOVES`."""
        return [
            (status, FollowUpStatus(status).label)
            for status in FOLLOW_UP_MOVES[self.status]
            if status not in VILLAGE_MOVES
        ]

    def is_overdue(self, today=None):
        return self.is_open and self.due_date < (today or wita_today())

    @property
    def owner_label(self):
        if self.owner == self.Owner.SECTION and self.section_id:
            return str(self.section)
        return str(self.outcome.booking.village)


class FollowUpEvent(models.Model):
    """One recorded change or progress note on a follow-up: who, when, what."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        STATUS = "status", _("Status changed")
        PROGRESS = "progress", _("Progress note")

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="events", verbose_name=_("follow-up")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    from_status = models.CharField(
        _("from status"), max_length=20, choices=FollowUpStatus.choices, blank=True
    )
    to_status = models.CharField(
        _("to status"), max_length=20, choices=FollowUpStatus.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    attachment = models.FileField(
        _("evidence"),
        storage=private_storage,
        upload_to="follow-ups/%Y/%m/",
        blank=True,
        help_text=_("A document or photo showing the progress (PDF, JPG, PNG)."),
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("follow-up event")
        verbose_name_plural = _("follow-up events")

    def __str__(self):
        return f"{self.follow_up_id}: {self.kind}"


class SentNotice(models.Model):
    """An e-mail already sent; the unique key makes every notice and reminder go out once."""

    key = models.CharField(_("key"), max_length=100)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    recipients = models.TextField(_("recipients"), blank=True)

    class Meta:
        verbose_name = _("sent notice")
        verbose_name_plural = _("sent notices")
        constraints = [models.UniqueConstraint(fields=["key"], name="coordination_notice_once")]

    def __str__(self):
        return self.key
