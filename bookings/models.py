"""The room, its rules and calendar, and the bookings villages make for it.

Models hold data and invariants only; every write that carries a business rule lives in
`bookings.services`.
"""

import datetime
import os
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from home.caching import retire_stored_pages
from home.models import CommunityBody, ProblemCategory, Section, Village, phone_validator

# Weekday numbers follow Python's date.weekday(): Monday is 0.
WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]

# Office hours used when a room is created without its own (Monday–Thursday 07:30–16:00,
# Friday 07:30–11:00 WITA, as the kecamatan office publishes them).
DEFAULT_OPENING_HOURS = [
    (0, datetime.time(7, 30), datetime.time(16, 0)),
    (1, datetime.time(7, 30), datetime.time(16, 0)),
    (2, datetime.time(7, 30), datetime.time(16, 0)),
    (3, datetime.time(7, 30), datetime.time(16, 0)),
    (4, datetime.time(7, 30), datetime.time(11, 0)),
]


class PrivateStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT (outside MEDIA_ROOT), with no URL at all."""

    @property
    def base_location(self):
        return getattr(settings, "PRIVATE_MEDIA_ROOT", settings.BASE_DIR / "private-media")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def private_storage():
    """Attachments have no public URL; bookings.views.booking_attachment checks access."""
    return PrivateStorage()


class Room(ClusterableModel):
    """A room villages can book, with its booking rules and its own django-scheduler calendar."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), default=12, validators=[MinValueValidator(1)]
    )
    facilities = models.TextField(
        _("facilities"), blank=True, help_text=_("One facility per line.")
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("photo"),
    )
    calendar = models.OneToOneField(
        "schedule.Calendar",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="room",
        verbose_name=_("calendar"),
        help_text=_("Holds approved sessions and recurring blocks. Created automatically."),
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("slot step (minutes)"),
        default=30,
        validators=[MinValueValidator(5), MaxValueValidator(240)],
    )
    min_duration_minutes = models.PositiveSmallIntegerField(
        _("minimum duration (minutes)"), default=30, validators=[MinValueValidator(5)]
    )
    max_duration_minutes = models.PositiveSmallIntegerField(
        _("maximum duration (minutes)"), default=180, validators=[MinValueValidator(5)]
    )
    min_lead_working_days = models.PositiveSmallIntegerField(
        _("minimum lead time (working days)"),
        default=1,
        help_text=_("1 means the earliest bookable day is the next working day."),
    )
    max_days_ahead = models.PositiveSmallIntegerField(
        _("book at most this many days ahead"), default=60, validators=[MinValueValidator(1)]
    )
    max_open_per_village = models.PositiveSmallIntegerField(
        _("open requests per village"),
        default=3,
        validators=[MinValueValidator(1)],
        help_text=_(
            "How many upcoming pending or approved requests one village office may hold; "
            "requests of the village's community bodies do not count here."
        ),
    )
    max_open_per_body = models.PositiveSmallIntegerField(
        _("open requests per community body"),
        default=2,
        validators=[MinValueValidator(1)],
        help_text=_(
            "How many upcoming pending or approved requests one community body (BPD, PKK…) "
            "may hold. A body never uses up its village office's quota."
        ),
    )
    active = models.BooleanField(_("active"), default=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("slug"),
                FieldPanel("description"),
                FieldPanel("capacity"),
                FieldPanel("facilities"),
                FieldPanel("photo"),
                FieldPanel("active"),
            ],
            heading=_("Room"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("slot_minutes"),
                FieldPanel("min_duration_minutes"),
                FieldPanel("max_duration_minutes"),
                FieldPanel("min_lead_working_days"),
                FieldPanel("max_days_ahead"),
                FieldPanel("max_open_per_village"),
                FieldPanel("max_open_per_body"),
            ],
            heading=_("Booking rules"),
        ),
        InlinePanel("opening_hours", heading=_("Opening hours (WITA)"), label=_("Opening hours")),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_duration_minutes__lte=models.F("max_duration_minutes")),
                name="bookings_room_min_duration_lte_max",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from schedule.models import Calendar

        if not self.slug:
            self.slug = slugify(self.name)[:120]
        if self.calendar_id is None:
            self.calendar, _created = Calendar.objects.get_or_create(
                slug=f"ruang-{self.slug}"[:200], defaults={"name": self.name}
            )
        super().save(*args, **kwargs)

    def add_default_opening_hours(self):
        """Give a room without opening hours the office's (Mon–Thu 07.30–16.00, Fri –11.00)."""
        if not self.opening_hours.exists():
            OpeningHours.objects.bulk_create(
                OpeningHours(room=self, weekday=day, opens=opens, closes=closes, sort_order=day)
                for day, opens, closes in DEFAULT_OPENING_HOURS
            )
            retire_stored_pages()  # bulk_create sends no signal; rooms are kept with their hours

    @cached_property
    def facilities_list(self):
        return [line.strip() for line in self.facilities.splitlines() if line.strip()]


class OpeningHours(Orderable):
    room = ParentalKey(Room, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAYS)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    panels = [FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")]

    class Meta(Orderable.Meta):
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.UniqueConstraint(
                fields=["room", "weekday"], name="bookings_openinghours_one_per_weekday"
            ),
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")),
                name="bookings_openinghours_opens_before_closes",
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Closure(models.Model):
    """A local closure: a day or a range of days the room cannot be booked."""

    room = models.ForeignKey(
        Room,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closures",
        verbose_name=_("room"),
        help_text=_("Leave empty to close every room."),
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=200)

    panels = [
        FieldPanel("room"),
        FieldPanel("start_date"),
        FieldPanel("end_date"),
        FieldPanel("reason"),
    ]

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_date__lte=models.F("end_date")),
                name="bookings_closure_start_before_end",
            )
        ]

    def __str__(self):
        if self.start_date == self.end_date:
            return f"{self.start_date:%d-%m-%Y}: {self.reason}"
        return f"{self.start_date:%d-%m-%Y}–{self.end_date:%d-%m-%Y}: {self.reason}"


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    INFO_REQUESTED = "info_requested", _("More information requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("No-show")


# The groups of statuses, named once; the moves between statuses are `bookings.rules.MOVES`.
# Waiting for a decision by the kecamatan.
UNDECIDED_STATUSES = (Status.PENDING, Status.INFO_REQUESTED)
# The statuses that hold a slot: the exclusion constraint and every overlap check use these.
HOLDING_STATUSES = (*UNDECIDED_STATUSES, Status.APPROVED)
# A session whose time has come: it was held or nobody came.
PAST_SESSION_STATUSES = (Status.HELD, Status.NO_SHOW)
# An approved session, still to come or past: what the public calendar shows as busy.
SESSION_STATUSES = (Status.APPROVED, *PAST_SESSION_STATUSES)
# What the staff calendar shows: every slot held and every session that took its time.
CALENDAR_STATUSES = (*HOLDING_STATUSES, *PAST_SESSION_STATUSES)
# Ended without a session: the time was given back.
CLOSED_STATUSES = (Status.REJECTED, Status.CANCELLED, Status.EXPIRED)


def written_out(model):
    """For a statement written out by hand on `model`'s table (the few a booking check runs
    under the room lock): its quoted table name, and a function giving a field's quoted column.
    Identifiers come from the model; values go in as parameters."""
    quote, meta = connection.ops.quote_name, model._meta

    def column(name):
        return quote(meta.pk.column if name == "pk" else meta.get_field(name).column)

    return quote(meta.db_table), column


def holding_sql(column):
    """The condition "the booking holds its time" for a written-out statement, and its
    parameters (`column` from `written_out(Booking)`)."""
    placeholders = ", ".join(["%s"] * len(HOLDING_STATUSES))
    return f"{column('status')} IN ({placeholders})", [str(s) for s in HOLDING_STATUSES]


class BookingQuerySet(models.QuerySet):
    def holding(self):
        return self.filter(status__in=HOLDING_STATUSES)

    def overlapping(self, start, end):
        return self.filter(start__lt=end, end__gt=start)

    def for_village(self, village):
        return self.filter(village=village)

    def for_requester(self, requester):
        """A body's own requests; for a village office, every request of the village."""
        if requester.body is not None:
            return self.filter(body=requester.body)
        return self.filter(village=requester.village)


class Booking(models.Model):
    """A village's request for a coordination session in a room, and its workflow status."""

    Status = Status

    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("room")
    )
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("village")
    )
    body = models.ForeignKey(
        CommunityBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("community body"),
        help_text=_("The body of the village that asks; empty when the village office asks."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="booking_requests",
        verbose_name=_("requested by"),
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("kecamatan section to meet"),
    )
    category = models.ForeignKey(
        ProblemCategory,
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("problem category"),
    )
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description of the problem"), max_length=4000)
    attendees = models.PositiveSmallIntegerField(
        _("number of attendees"), validators=[MinValueValidator(1)]
    )
    contact_name = models.CharField(_("contact person"), max_length=100)
    contact_phone = models.CharField(
        _("WhatsApp number"), max_length=30, validators=[phone_validator]
    )
    attachment = models.FileField(
        _("attachment"),
        storage=private_storage,
        upload_to="bookings/%Y/%m/",
        blank=True,
        validators=[FileExtensionValidator(["pdf", "jpg", "jpeg", "png", "webp"])],
    )
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    info_question = models.TextField(_("question from the kecamatan"), blank=True)
    info_answer = models.TextField(_("answer from the village"), blank=True)
    decision_note = models.TextField(
        _("decision note"), blank=True, help_text=_("Reason for a rejection or cancellation.")
    )
    booked_by_staff = models.BooleanField(_("booked by kecamatan staff"), default=False)
    sequence = models.PositiveIntegerField(
        _("calendar revision"),
        default=0,
        help_text=_("iCalendar SEQUENCE: grows each time the session moves or is cancelled."),
    )
    schedule_event = models.OneToOneField(
        "schedule.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="booking",
        verbose_name=_("calendar event"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        indexes = [models.Index(fields=["room", "start", "end"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__lt=models.F("end")),
                name="bookings_booking_start_before_end",
            )
        ]
        # The ExclusionConstraint against overlapping holding bookings is PostgreSQL-only and
        # is created by migration 0002 (see bookings/constraints.py and docs/bookings.md).

    def __str__(self):
        return f"{self.village} · {self.title}"

    @property
    def requester_label(self):
        """Who asks, for staff: "BPD Desa X (BPD)" or the village office."""
        if self.body_id is not None:
            return f"{self.body} ({self.body.kind})"
        return _("village office")

    @property
    def holds_slot(self):
        return self.status in HOLDING_STATUSES

    @property
    def is_undecided(self):
        return self.status in UNDECIDED_STATUSES


class BookingHistory(models.Model):
    """One recorded change of a booking: who, when, from which status to which, and why."""

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="history", verbose_name=_("booking")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(
        _("from status"), max_length=20, choices=Status.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=20, choices=Status.choices)
    note = models.TextField(_("note"), blank=True)
    attachment = models.FileField(
        _("attachment"),
        storage=private_storage,
        upload_to="bookings/answers/%Y/%m/",
        blank=True,
        help_text=_("A document sent with this step, e.g. with the village's answer."),
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("booking history entry")
        verbose_name_plural = _("booking history")

    def __str__(self):
        return f"{self.booking_id}: {self.from_status or '—'} → {self.to_status}"


def new_feed_token():
    return secrets.token_urlsafe(32)


class VillageFeedToken(models.Model):
    """The secret in a village's private calendar feed URL; regenerating it revokes the old URL."""

    village = models.OneToOneField(
        Village,
        on_delete=models.CASCADE,
        related_name="bookings_feed_token",
        verbose_name=_("village"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    regenerated_at = models.DateTimeField(_("regenerated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("village calendar feed token")
        verbose_name_plural = _("village calendar feed tokens")

    def __str__(self):
        return str(self.village)


class SentReminder(models.Model):
    """Proof that the reminder for a session at a given time went out.

    The unique constraint is the guard against sending it twice: a job claims a reminder by
    inserting this row; a second job (or a second run) fails the insert and skips it.
    """

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("booking")
    )
    kind = models.CharField(_("kind"), max_length=20, default="day_before")
    start = models.DateTimeField(_("session start"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["booking", "kind", "start"], name="bookings_sentreminder_once"
            )
        ]

    def __str__(self):
        return f"{self.booking_id} {self.kind} {self.start:%Y-%m-%d %H:%M}"


class WaitlistStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    LAPSED = "lapsed", _("Offer lapsed")
    WITHDRAWN = "withdrawn", _("Left the waitlist")
    CLOSED = "closed", _("Closed")


ACTIVE_WAITLIST_STATUSES = (WaitlistStatus.WAITING, WaitlistStatus.OFFERED)


class WaitlistEntry(models.Model):
    """A village waiting for a taken time; it keeps the request so an offer can become one."""

    Status = WaitlistStatus

    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, related_name="waitlist", verbose_name=_("room")
    )
    village = models.ForeignKey(
        Village, on_delete=models.CASCADE, related_name="waitlist", verbose_name=_("village")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="+", verbose_name=_("section")
    )
    category = models.ForeignKey(
        ProblemCategory,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("problem category"),
    )
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description of the problem"), max_length=4000)
    attendees = models.PositiveSmallIntegerField(
        _("number of attendees"), validators=[MinValueValidator(1)]
    )
    contact_name = models.CharField(_("contact person"), max_length=100)
    contact_phone = models.CharField(
        _("WhatsApp number"), max_length=30, validators=[phone_validator]
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=WaitlistStatus.choices,
        default=WaitlistStatus.WAITING,
        db_index=True,
    )
    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    booking = models.OneToOneField(
        Booking,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="waitlist_entry",
        verbose_name=_("booking"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("waitlist entry")
        verbose_name_plural = _("waitlist entries")
        indexes = [models.Index(fields=["room", "status", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__lt=models.F("end")),
                name="bookings_waitlist_start_before_end",
            ),
            # A village waits once for the same time.
            models.UniqueConstraint(
                fields=["room", "village", "start", "end"],
                condition=models.Q(status__in=["waiting", "offered"]),
                name="bookings_waitlist_once_per_village",
            ),
            # One open offer per time at a time.
            models.UniqueConstraint(
                fields=["room", "start", "end"],
                condition=models.Q(status="offered"),
                name="bookings_waitlist_one_offer",
            ),
        ]

    def __str__(self):
        return f"{self.village} · {self.start:%Y-%m-%d %H:%M} ({self.status})"


class PendingUpload(models.Model):
    """A valid attachment of a form that failed for another reason (a taken time, a missing
    field), kept for its user so the next submit of the same form still carries it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to="pending/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("kept attachment")
        verbose_name_plural = _("kept attachments")

    def __str__(self):
        return self.name
