"""SOPs as offices write them, step 2 of 3: every old value moved into the new fields, in rows
and in stored revisions (0003 says what becomes what). A migration of its own, so that
PostgreSQL has no pending row changes when 0005 alters the same tables."""

import re
from decimal import Decimal, InvalidOperation

from django.db import migrations

UNITS = {"menit": "menit", "jam": "jam", "hari": "hari", "minggu": "minggu"}
DURATION = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(menit|jam|hari|minggu)$", re.IGNORECASE)
GLUED_KOP = re.compile(r"([a-z])(Kecamatan|Kelurahan|Desa|Dinas|Sekretariat) ")
TIME_NOTE = "Waktu: "


def split_time(text):
    """(amount, unit, note): the note is the text when it is not a plain duration."""
    text = " ".join((text or "").split())
    if not text:
        return None, "", ""
    match = DURATION.match(text)
    if match:
        try:
            amount = Decimal(match.group(1).replace(",", "."))
        except InvalidOperation:
            amount = None
        if amount and amount > 0:
            return amount, match.group(2).casefold(), ""
    return None, "", text


def forward_step(step):
    """A step as a dict of field values, old shape to new (used for rows and revisions)."""
    actor = step.pop("actor", "") or ""
    step["actors"] = [actor] if actor.strip() else []
    amount, unit, note = split_time(step.pop("time", ""))
    step["time_amount"] = None if amount is None else str(amount)
    step["time_unit"] = unit
    if note:
        remarks = step.get("remarks") or ""
        step["remarks"] = f"{TIME_NOTE}{note}" + (f"\n{remarks}" if remarks else "")
    step.setdefault("yes_step", None)
    step.setdefault("procedure", "")
    return step


def backward_step(step):
    actors = step.pop("actors", None) or []
    step["actor"] = actors[0] if actors else ""
    amount, unit = step.pop("time_amount", None), step.pop("time_unit", "")
    remarks = step.get("remarks") or ""
    time = ""
    if amount not in (None, ""):
        time = f"{Decimal(str(amount)).normalize():f} {unit}".replace(".", ",")
    elif remarks.startswith(TIME_NOTE):
        first, _, rest = remarks.partition("\n")
        time, step["remarks"] = first[len(TIME_NOTE) :], rest
    step["time"] = time
    step.pop("yes_step", None)
    step.pop("procedure", None)
    return step


def forward_agency(text):
    if "\n" in (text or ""):
        return text
    return GLUED_KOP.sub(r"\1\n\2 ", text or "")


STEP_FIELDS_OLD = ("actor", "time", "remarks")
STEP_FIELDS_NEW = ("actors", "time_amount", "time_unit", "remarks")


def _convert(apps, step_function, agency_function, fields_in, fields_out):
    SopPage = apps.get_model("guidance", "SopPage")
    SopStep = apps.get_model("guidance", "SopStep")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for step in SopStep.objects.all():
        values = {name: getattr(step, name) for name in fields_in}
        values = step_function(values)
        for name in fields_out:
            value = values.get(name)
            if name == "time_amount" and value is not None:
                value = Decimal(value)
            setattr(step, name, value)
        step.save(update_fields=fields_out)
    for page in SopPage.objects.all():
        agency = agency_function(page.agency)
        if agency != page.agency:
            page.agency = agency
            page.save(update_fields=["agency"])
    sop_type = ContentType.objects.filter(app_label="guidance", model="soppage").first()
    if sop_type is None:
        return
    for revision in Revision.objects.filter(content_type_id=sop_type.pk).iterator():
        content = revision.content
        content["agency"] = agency_function(content.get("agency", ""))
        content["steps"] = [step_function(dict(step)) for step in content.get("steps", [])]
        revision.content = content
        revision.save(update_fields=["content"])


def forward(apps, schema_editor):
    _convert(apps, forward_step, forward_agency, STEP_FIELDS_OLD, STEP_FIELDS_NEW)


def backward(apps, schema_editor):
    _convert(apps, backward_step, lambda text: text, STEP_FIELDS_NEW, STEP_FIELDS_OLD)


DATES = ("date_made", "date_revised", "date_effective")


def blank_dates(apps, schema_editor):
    SopPage = apps.get_model("guidance", "SopPage")
    for name in DATES:
        SopPage.objects.filter(**{f"{name}__isnull": True}).update(**{name: ""})


def dates_for_date_fields(apps, schema_editor):
    """Going back, a month-only date becomes its first day and an empty one NULL (the old
    schema cannot hold either; an SOP without a date made or effective cannot go back)."""
    SopPage = apps.get_model("guidance", "SopPage")
    for page in SopPage.objects.all():
        for name in DATES:
            value = getattr(page, name) or None
            setattr(page, name, value + "-01" if value and len(value) == 7 else value)
        page.save(update_fields=DATES)



class Migration(migrations.Migration):

    dependencies = [("guidance", "0003_sop_as_written")]

    operations = [
        migrations.RunPython(blank_dates, dates_for_date_fields),
        migrations.RunPython(forward, backward),
    ]
