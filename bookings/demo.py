"""Demo room, recurring blocks, a closure and a few weeks of bookings in every status.

Idempotent: the room and blocks are found by name, and bookings are only made once.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify
from schedule.models import Event, Rule

from home.models import CommunityBody, ProblemCategory, Section, Village
from home.wita import combine, today

from . import waitlist
from .availability import load_room_data
from .models import (
    Booking,
    BookingHistory,
    Closure,
    Room,
    Status,
    WaitlistEntry,
    WaitlistStatus,
)
from .rules import decision_deadline

ROOM_NAME = "Ruang RUKO PARSEL"

STORIES = [
    # (days from today, hour, minutes, length in minutes, status, village index, title)
    (-20, 9, 0, 90, Status.HELD, 1, "Penyusunan laporan realisasi APBDes semester I"),
    (-16, 10, 0, 60, Status.NO_SHOW, 4, "Pemutakhiran data stunting posyandu"),
    (-13, 13, 0, 60, Status.REJECTED, 6, "Permintaan bantuan perangkat komputer"),
    (-9, 9, 0, 120, Status.HELD, 2, "Pembinaan BPD: tata tertib dan musyawarah desa"),
    (-6, 10, 30, 60, Status.EXPIRED, 8, "Konsultasi aset desa yang belum tercatat"),
    (-3, 8, 0, 60, Status.CANCELLED, 3, "Sosialisasi peringatan dini banjir"),
    # Approved and past: waits for staff to mark it held (then for its outcome).
    (-1, 9, 0, 60, Status.APPROVED, 0, "Evaluasi penyaluran BLT Dana Desa"),
    (2, 9, 0, 60, Status.APPROVED, 1, "Pendampingan Siskeudes untuk bendahara desa"),
    (3, 13, 0, 90, Status.PENDING, 5, "Penyusunan RKPDes tahun depan"),
    (4, 10, 0, 60, Status.INFO_REQUESTED, 7, "Masalah layanan surat keterangan di desa"),
    (6, 10, 0, 60, Status.CANCELLED, 6, "Rapat persiapan musrenbang desa"),
    (7, 9, 0, 120, Status.APPROVED, 9, "Koordinasi penanganan stunting lintas desa"),
    (9, 14, 0, 60, Status.PENDING, 10, "Pembentukan lembaga kemasyarakatan desa"),
    (11, 10, 0, 60, Status.REJECTED, 11, "Pengajuan pelatihan TIK aparatur"),
    (15, 9, 30, 90, Status.PENDING, 12, "Data desa untuk perencanaan kecamatan"),
]


def _room():
    room, created = Room.objects.get_or_create(
        name=ROOM_NAME,
        defaults={
            "description": (
                "Ruang koordinasi di Kantor Kecamatan Paringin Selatan untuk sesi antara desa, "
                "kelurahan, dan seksi-seksi kecamatan."
            ),
            "capacity": 15,
            "facilities": "Meja rapat untuk 15 orang\nProyektor dan layar\nWi-Fi\nPapan tulis",
            "slot_minutes": 30,
            "min_duration_minutes": 30,
            "max_duration_minutes": 180,
            "min_lead_working_days": 1,
            "max_days_ahead": 60,
            "max_open_per_village": 3,
        },
    )
    room.add_default_opening_hours()
    return room


def _blocks(room):
    weekly, _ = Rule.objects.get_or_create(
        name="Setiap Senin", defaults={"frequency": "WEEKLY", "params": "byweekday:0"}
    )
    monthly, _ = Rule.objects.get_or_create(
        name="Selasa pertama setiap bulan",
        defaults={"frequency": "MONTHLY", "params": "byweekday:1;bysetpos:1"},
    )
    first = today() - datetime.timedelta(days=60)
    monday = first - datetime.timedelta(days=first.weekday())
    Event.objects.get_or_create(
        calendar=room.calendar,
        title="Rapat staf mingguan kecamatan",
        defaults={
            "start": combine(monday, datetime.time(8, 0)),
            "end": combine(monday, datetime.time(9, 30)),
            "rule": weekly,
            "description": "Rapat rutin staf Kecamatan Paringin Selatan.",
        },
    )
    first_of_month = first.replace(day=1)
    tuesday = first_of_month + datetime.timedelta(days=(1 - first_of_month.weekday()) % 7)
    Event.objects.get_or_create(
        calendar=room.calendar,
        title="Hari koordinasi desa bulanan",
        defaults={
            "start": combine(tuesday, datetime.time(13, 0)),
            "end": combine(tuesday, datetime.time(15, 0)),
            "rule": monthly,
            "description": "Pertemuan bulanan kepala desa dan lurah se-kecamatan.",
        },
    )


def _closure(room):
    day = today() + datetime.timedelta(days=24)
    Closure.objects.get_or_create(
        room=room,
        reason="Perawatan ruang dan pengecatan ulang",
        defaults={"start_date": day, "end_date": day + datetime.timedelta(days=1)},
    )


# Requests of the demo community bodies (home.demo): (days from today, hour, minutes, length,
# status, body name, title).
BODY_STORIES = [
    (-18, 13, 0, 90, Status.HELD, "BPD Desa Inan", "Penyerapan aspirasi warga untuk musdes"),
    (-8, 13, 30, 60, Status.CANCELLED, "BPD Desa Inan", "Evaluasi peraturan desa tentang pasar"),
    (5, 13, 0, 60, Status.APPROVED, "BPD Desa Inan", "Pengawasan kinerja kepala desa"),
    (-11, 9, 0, 60, Status.HELD, "TP PKK Desa Panggung", "Kelas ibu hamil dan gizi balita"),
    (-4, 9, 0, 60, Status.REJECTED, "TP PKK Desa Panggung", "Bantuan mesin jahit kelompok"),
    (6, 9, 0, 60, Status.INFO_REQUESTED, "TP PKK Desa Panggung", "Jadwal posyandu terpadu"),
]


def _working_start(data, days, hour, minute, length):
    """The nearest time from `days` away (same hour) that is open and free in the demo."""
    day = today() + datetime.timedelta(days=days)
    for _attempt in range(20):
        start = combine(day, datetime.time(hour, minute))
        end = start + datetime.timedelta(minutes=length)
        open_hours = data.hours.get(day.weekday())
        if (
            data.closed_reason(day) is None
            and open_hours
            and open_hours[0] <= start.time()
            and end.time() <= open_hours[1]
            and end.date() == day
            and not data.block_at(start, end)
            and not data.booking_at(start, end)
        ):
            return start, end
        day += datetime.timedelta(days=1 if days >= 0 else -1)
    return None, None


def _request_time(start, now, index):
    """When the demo request was made: a few days before its session, never in the future."""
    made = start - datetime.timedelta(days=3 + index % 4, hours=index % 5)
    return min(made, now - datetime.timedelta(hours=2 + index))


def _bookings(room):
    """The stories as bookings that obey the portal's rules: opening hours, working days, no
    holiday, closure or block, no overlap; each request made before its session and each
    decision between the request and the session."""
    if Booking.objects.filter(room=room).exists():
        return
    User = get_user_model()
    villages = list(Village.objects.order_by("code"))
    data = load_room_data(
        [room], today() - datetime.timedelta(days=40), today() + datetime.timedelta(days=40)
    )[room.pk]
    stories = []
    for days, hour, minute, length, status, village_index, title in STORIES:
        village = villages[village_index % len(villages)]
        operator = User.objects.filter(username="operator-" + slugify(village.name)).first()
        stories.append((days, hour, minute, length, status, village, title, operator, None))
    _make_bookings(room, data, stories)
    sections = list(Section.objects.active())
    _waitlist_offer(room, villages, sections, list(ProblemCategory.objects.active()))


def _make_bookings(room, data, stories, offset=0):
    User = get_user_model()
    sections = list(Section.objects.active())
    categories = list(ProblemCategory.objects.active())
    staff = User.objects.filter(username="staf").first()
    now = timezone.now()
    for index, story in enumerate(stories, start=offset):
        days, hour, minute, length, status, village, title, operator, body = story
        start, end = _working_start(data, days, hour, minute, length)
        if start is None:
            continue
        if status in (Status.PENDING, Status.INFO_REQUESTED) and start <= now:
            continue
        if status == Status.APPROVED and days >= 0 and start <= now:
            continue
        booking = Booking.objects.create(
            room=room,
            village=village,
            body=body,
            requested_by=operator,
            section=sections[index % len(sections)],
            category=categories[index % len(categories)],
            title=title,
            description=(
                f"{title}. Kami memohon waktu untuk berkoordinasi dengan seksi terkait dan "
                "membawa dokumen pendukung."
            ),
            attendees=3 + index % 5,
            contact_name=body.name if body else f"Operator {village.name}",
            contact_phone=f"0812 5{index:03d} 7{index:03d}",
            start=start,
            end=end,
            status=status,
            info_question=(
                "Mohon sebutkan nomor surat dan contoh keluhan warga."
                if status == Status.INFO_REQUESTED
                else ""
            ),
            decision_note=(
                "Materi ini ditangani lewat bimbingan teknis kabupaten."
                if status == Status.REJECTED
                else ""
            ),
        )
        made = _request_time(start, now, index)
        Booking.objects.filter(pk=booking.pk).update(created_at=made)
        # A decision half-way between the request and the session (or now, if sooner).
        decided = min(made + (start - made) / 2, now - datetime.timedelta(minutes=30))
        if status not in (Status.REJECTED, Status.CANCELLED, Status.EXPIRED):
            data.taken.append((start, end, booking.pk))
        history = [(operator, "request", "", Status.PENDING, made, "")]
        if status != Status.PENDING:
            middle = Status.APPROVED if status in (Status.HELD, Status.NO_SHOW) else None
            if middle:
                history.append((staff, "approve", Status.PENDING, middle, decided, ""))
            action = {
                Status.APPROVED: "approve",
                Status.REJECTED: "reject",
                Status.INFO_REQUESTED: "ask_info",
                Status.CANCELLED: "cancel",
                Status.EXPIRED: "expire",
            }.get(status, status)
            if status in (Status.HELD, Status.NO_SHOW):
                at = min(end + datetime.timedelta(hours=1), now)
            elif status == Status.EXPIRED:
                at = start - datetime.timedelta(hours=2)
            else:
                at = decided
            history.append(
                (
                    None if status == Status.EXPIRED else staff,
                    action,
                    middle or Status.PENDING,
                    status,
                    at,
                    booking.info_question or booking.decision_note,
                )
            )
        for by, action, from_status, to_status, at, note in history:
            entry = BookingHistory.objects.create(
                booking=booking,
                by=by,
                action=action,
                from_status=from_status,
                to_status=to_status,
                note=note,
            )
            BookingHistory.objects.filter(pk=entry.pk).update(at=at)
        if status == Status.APPROVED:
            event = Event.objects.create(
                calendar=room.calendar,
                start=start,
                end=end,
                title=f"{village}: {title}"[:255],
                creator=staff,
            )
            Booking.objects.filter(pk=booking.pk).update(schedule_event=event)


def _waitlist_offer(room, villages, sections, categories):
    """Another village waited for the time of an upcoming request that was then cancelled,
    and has been offered it: an open offer to accept on /reservasi/."""
    taken = (
        Booking.objects.filter(room=room, status=Status.CANCELLED, start__gt=timezone.now())
        .order_by("start")
        .first()
    )
    if taken is None:
        return
    User = get_user_model()
    village = next(v for v in villages if v.pk != taken.village_id)
    now = timezone.now()
    until = min(now + waitlist.offer_duration(), taken.start - decision_deadline())
    if until <= now:
        return
    WaitlistEntry.objects.create(
        room=room,
        village=village,
        requested_by=User.objects.filter(username="operator-" + slugify(village.name)).first(),
        section=sections[0],
        category=categories[0],
        title="Konsultasi penyusunan Perdes",
        description="Kami menunggu waktu ini kosong untuk konsultasi rancangan Perdes.",
        attendees=3,
        contact_name=f"Operator {village.name}",
        contact_phone="0812 5999 7999",
        start=taken.start,
        end=taken.end,
        status=WaitlistStatus.OFFERED,
        offered_at=now,
        offer_expires_at=until,
    )


def _body_bookings(room):
    """The demo bodies' requests, made once (home.demo made the bodies and their accounts)."""
    if Booking.objects.filter(room=room, body__isnull=False).exists():
        return
    bodies = {body.name: body for body in CommunityBody.objects.select_related("village")}
    User = get_user_model()
    data = load_room_data(
        [room], today() - datetime.timedelta(days=40), today() + datetime.timedelta(days=40)
    )[room.pk]
    stories = []
    for days, hour, minute, length, status, name, title in BODY_STORIES:
        body = bodies.get(name)
        if body is None:
            continue
        member = User.objects.filter(profile__body=body).first()
        stories.append((days, hour, minute, length, status, body.village, title, member, body))
    _make_bookings(room, data, stories, offset=len(STORIES))


def load():
    room = _room()
    _blocks(room)
    _closure(room)
    _bookings(room)
    _body_bookings(room)
