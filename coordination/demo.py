"""Demo outcomes: twelve months of past sessions with minutes, attendance and follow-ups in
every state, so the report and the public page show real shapes. Runs after bookings' demo.

Past sessions cannot go through booking_request (lead-time rules), so they are written as
historical records with backdated `created_at` and history. Loads once: if any outcome exists,
nothing is added.
"""

import datetime
import random
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from bookings.availability import load_room_data
from bookings.models import Booking, BookingHistory, Room, Status
from home import roles
from home.models import CommunityBody, ProblemCategory, Section, Village

from .models import (
    VILLAGE_TODO_STATUSES,
    Attendee,
    FollowUp,
    FollowUpEvent,
    FollowUpStatus,
    SessionOutcome,
)

NAMES = ["Siti", "Rahmat", "Nurul", "Ahmad", "Fitri", "Hendra", "Rina", "Yusuf", "Aisyah", "Budi"]
POSITIONS = ["Kepala Desa", "Sekretaris Desa", "Kaur Keuangan", "Ketua BPD", "Operator Desa"]
ACTIONS = [
    "Lengkapi dokumen laporan realisasi APBDes",
    "Perbarui data penduduk di aplikasi desa",
    "Kirim daftar hadir musyawarah desa",
    "Jadwalkan pendampingan teknis di kantor desa",
    "Susun rencana aksi pencegahan stunting",
    "Verifikasi data aset desa",
]


def _room():
    room, created = Room.objects.get_or_create(name="Ruang RUKO PARSEL", defaults={"capacity": 12})
    if created:
        room.add_default_opening_hours()
    return room


def _free_start(data, used, day, rng, tz):
    """A session start on `day` (one hour) that the booking rules would accept, or None."""
    if data.closed_reason(day) or day.weekday() not in data.hours:
        return None
    opens, closes = data.hours[day.weekday()]
    hours = [8, 9, 10, 13, 14]
    rng.shuffle(hours)
    for hour in hours:
        start = datetime.datetime.combine(day, datetime.time(hour), tzinfo=tz)
        end = start + datetime.timedelta(hours=1)
        if start.time() < opens or end.time() > closes:
            continue
        if data.block_at(start, end) or any(s < end and e > start for s, e in used):
            continue
        return start
    return None


def _waiting_follow_ups(staff_user, operator_of, today):
    """One overdue follow-up the village has not done, and one the village reported done that
    staff have to confirm or reopen, so both lists have something to try."""
    village_items = FollowUp.objects.filter(owner=FollowUp.Owner.VILLAGE).select_related(
        "outcome__booking__village"
    )
    if not village_items.filter(status__in=VILLAGE_TODO_STATUSES, due_date__lt=today).exists():
        outcome = SessionOutcome.objects.order_by("-booking__start").first()
        if outcome is not None:
            item = FollowUp.objects.create(
                outcome=outcome,
                title="Serahkan laporan pertanggungjawaban kegiatan",
                due_date=today - datetime.timedelta(days=5),
                created_at=outcome.created_at,
                sort_order=9,
            )
            FollowUpEvent.objects.create(
                follow_up=item,
                kind=FollowUpEvent.Kind.CREATED,
                to_status=FollowUpStatus.OPEN,
                at=outcome.created_at,
                by=staff_user,
            )
    todo = village_items.filter(status__in=VILLAGE_TODO_STATUSES)
    item = todo.filter(due_date__gte=today).order_by("due_date").first() or next(
        iter(todo.order_by("-due_date", "-pk")[1:2]), None
    )
    if item is not None:
        FollowUp.objects.filter(pk=item.pk).update(status=FollowUpStatus.REPORTED)
        FollowUpEvent.objects.create(
            follow_up=item,
            kind=FollowUpEvent.Kind.STATUS,
            from_status=item.status,
            to_status=FollowUpStatus.REPORTED,
            note="Sudah selesai; daftar hadir dan foto kegiatan kami kirim ke kecamatan.",
            by=operator_of(item.outcome.booking.village),
        )


def load():
    if SessionOutcome.objects.exists():
        return
    tz = ZoneInfo(settings.TIME_ZONE)
    rng = random.Random(2026)  # noqa: S311 -- demo data only
    room = _room()
    villages = list(Village.objects.filter(active=True).order_by("code"))
    sections = list(Section.objects.filter(active=True))
    categories = list(ProblemCategory.objects.filter(active=True))
    staff = get_user_model().objects.filter(groups__name=roles.STAFF).order_by("pk")
    staff_user = staff.first()
    if not villages or not sections or not categories:
        return
    today = timezone.localdate()
    # The portal's own rules: working days only (no weekend, holiday, cuti bersama or
    # closure), inside the opening hours, clear of recurring blocks and of other sessions.
    data = load_room_data([room], today - datetime.timedelta(days=366), today)[room.pk]
    used = list(Booking.objects.filter(room=room).values_list("start", "end"))
    outcomes = []
    # The demo community bodies (home.demo) asked for every other session of their village.
    bodies = {body.village_id: body for body in CommunityBody.objects.active()}
    asked = {}
    for days_back in range(360, 2, -3):
        day = today - datetime.timedelta(days=days_back)
        start = _free_start(data, used, day, rng, tz)
        if start is None:
            continue
        used.append((start, start + datetime.timedelta(hours=1)))
        village = rng.choice(villages)
        category = rng.choice(categories)
        created = start - datetime.timedelta(days=rng.randint(3, 20), hours=rng.randint(0, 6))
        roll = rng.random()
        if roll < 0.68:
            status = Status.HELD
        elif roll < 0.76:
            status = Status.NO_SHOW
        elif roll < 0.84:
            status = Status.REJECTED
        elif roll < 0.92:
            status = Status.CANCELLED
        else:
            status = Status.EXPIRED
        body = bodies.get(village.pk)
        if body is not None:
            asked[body.pk] = asked.get(body.pk, 0) + 1
            body = body if asked[body.pk] % 2 else None
        booking = Booking.objects.create(
            room=room,
            village=village,
            body=body,
            section=rng.choice(sections),
            category=category,
            title=f"{category.name} di {village.name}"[:150],
            description="Permohonan pendampingan untuk masalah desa (data contoh).",
            attendees=rng.randint(2, 6),
            contact_name=f"Operator {village.name}",
            contact_phone="0812 0000 0000",
            start=start,
            end=start + datetime.timedelta(hours=1),
            status=status,
            decision_note="Jadwal bentrok dengan kegiatan kecamatan."
            if status == Status.REJECTED
            else "",
        )
        Booking.objects.filter(pk=booking.pk).update(created_at=created)
        decided = min(
            created + datetime.timedelta(hours=rng.randint(1, 72)),
            start - datetime.timedelta(hours=2),
        )
        history = [("request", "", Status.PENDING, created)]
        if status in (Status.HELD, Status.NO_SHOW, Status.CANCELLED):
            history.append(("approve", Status.PENDING, Status.APPROVED, decided))
        if status in (Status.HELD, Status.NO_SHOW):
            history.append((status, Status.APPROVED, status, start + datetime.timedelta(hours=1)))
        elif status == Status.REJECTED:
            history.append(("reject", Status.PENDING, Status.REJECTED, decided))
        elif status == Status.CANCELLED:
            history.append(("cancel", Status.APPROVED, Status.CANCELLED, decided))
        elif status == Status.EXPIRED:
            history.append(
                ("expire", Status.PENDING, Status.EXPIRED, start - datetime.timedelta(hours=2))
            )
        for action, from_status, to_status, at in history:
            entry = BookingHistory.objects.create(
                booking=booking, action=action, from_status=from_status, to_status=to_status
            )
            BookingHistory.objects.filter(pk=entry.pk).update(at=at)
        if status == Status.HELD:
            outcomes.append((booking, start))

    # The sessions the bookings demo made for the bodies get their minutes and follow-ups too.
    outcomes += [
        (booking, booking.start)
        for booking in Booking.objects.filter(
            body__isnull=False, status=Status.HELD, outcome__isnull=True
        )
        .exclude(pk__in=[booking.pk for booking, _start in outcomes])
        .select_related("village", "section")
    ]
    for booking, start in outcomes:
        outcome = SessionOutcome.objects.create(
            booking=booking,
            recorded_by=staff_user,
            minutes=(
                "<p>Desa menyampaikan kendala dan kecamatan memberi arahan teknis. "
                "Dibahas langkah penyelesaian dan pembagian tugas.</p>"
            ),
            decisions="Desa melengkapi dokumen yang kurang\nKecamatan mendampingi verifikasi",
            published=True,
            published_at=start + datetime.timedelta(days=1),
            created_at=start + datetime.timedelta(hours=2),
        )
        if staff_user:
            outcome.officials.add(staff_user)
            outcome.save()
        Attendee.objects.bulk_create(
            Attendee(
                outcome=outcome,
                name=f"{rng.choice(NAMES)} {booking.village.name}",
                position=rng.choice(POSITIONS),
                gender=rng.choice(["f", "m", ""]),
                sort_order=index,
            )
            for index in range(rng.randint(1, 4))
        )
        for index in range(rng.randint(1, 2)):
            created = start + datetime.timedelta(hours=3)
            due = start.date() + datetime.timedelta(days=rng.choice([7, 14, 30]))
            owner_section = rng.random() < 0.3
            item = FollowUp.objects.create(
                outcome=outcome,
                title=rng.choice(ACTIONS),
                owner=FollowUp.Owner.SECTION if owner_section else FollowUp.Owner.VILLAGE,
                section=booking.section if owner_section else None,
                due_date=due,
                created_at=created,
                sort_order=index,
            )
            events = [(FollowUpEvent.Kind.CREATED, "", FollowUpStatus.OPEN, created, "")]
            roll = rng.random()
            due_at = datetime.datetime.combine(due, datetime.time(10), tzinfo=tz)
            if due < today and roll < 0.6:
                done_at = due_at + datetime.timedelta(days=rng.choice([-3, -1, 0, 2, 6]))
                done_at = min(done_at, timezone.now())
                events.append(
                    (FollowUpEvent.Kind.STATUS, "open", "in_progress", created, "Mulai dikerjakan")
                )
                events.append((FollowUpEvent.Kind.STATUS, "in_progress", "done", done_at, ""))
                FollowUp.objects.filter(pk=item.pk).update(status="done", done_at=done_at)
            elif roll < 0.7:
                events.append(
                    (FollowUpEvent.Kind.STATUS, "open", "cancelled", created, "Tidak relevan lagi")
                )
                FollowUp.objects.filter(pk=item.pk).update(
                    status="cancelled", cancel_reason="Tidak relevan lagi"
                )
            elif roll < 0.85:
                events.append(
                    (FollowUpEvent.Kind.STATUS, "open", "in_progress", created, "Sedang disiapkan")
                )
                events.append((FollowUpEvent.Kind.PROGRESS, "", "", created, "Draf sudah ada"))
                FollowUp.objects.filter(pk=item.pk).update(status="in_progress")
            FollowUpEvent.objects.bulk_create(
                FollowUpEvent(
                    follow_up=item,
                    kind=kind,
                    from_status=a,
                    to_status=b,
                    at=at,
                    note=note,
                    by=staff_user,
                )
                for kind, a, b, at, note in events
            )

    def operator_of(village):
        return (
            get_user_model()
            .objects.filter(groups__name=roles.OPERATORS, profile__village=village)
            .first()
        )

    _waiting_follow_ups(staff_user, operator_of, today)
