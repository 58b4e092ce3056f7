"""SOPs as offices write them (issue 13): multi-line kop with a logo, optional identity fields,
dates that may give only a month, several actors per step, “Ya”/“Tidak” to any step, durations
as a number and a unit, and titled procedures.

Existing SOPs keep everything they hold. Dates become ISO text ("2026-01-02"); each step's single
``actor`` becomes the one-item list ``actors``; its free-text ``time`` becomes an amount and a
unit when it reads as one ("1 hari", "2 jam"), and otherwise is kept word for word at the head
of the remarks ("Waktu: Sesuai kesepakatan"). A kop whose line break the old one-line field had
swallowed ("…Kabupaten BalanganKecamatan…") gets it back. The same changes are made to the
stored revisions, so drafts and history open without loss. Reversible."""

import re
from decimal import Decimal, InvalidOperation

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

import guidance.fields

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


def blank_dates(apps, schema_editor):
    SopPage = apps.get_model("guidance", "SopPage")
    for name in ("date_made", "date_revised", "date_effective"):
        SopPage.objects.filter(**{f"{name}__isnull": True}).update(**{name: ""})


def _partial_date(**kwargs):
    return guidance.fields.PartialDateField(blank=True, max_length=10, **kwargs)


class Migration(migrations.Migration):

    dependencies = [
        ('guidance', '0002_index_and_workflow'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtailimages', '0027_image_description'),
    ]

    operations = [
        migrations.CreateModel(
            name='SopProcedure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                ('title', models.CharField(help_text='At most 31 characters, without [ ] : * ? / \\ (it names an Excel sheet).', max_length=31, verbose_name='procedure title')),
                ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='procedures', to='guidance.soppage')),
            ],
            options={
                'verbose_name': 'procedure',
                'verbose_name_plural': 'procedures',
                'ordering': ['sort_order'],
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='soppage',
            name='logo',
            field=models.ForeignKey(blank=True, help_text='Leave empty to use the default logo from the site settings.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='logo'),
        ),
        migrations.AlterField(
            model_name='soppage',
            name='agency',
            field=models.TextField(default='Pemerintah Kabupaten Balangan\nKecamatan Paringin Selatan', help_text='One line per level, as on the letterhead: Pemerintah Kabupaten …, Kecamatan …, Desa/Kelurahan ….', verbose_name='agency (letterhead)'),
        ),
        migrations.AlterField(
            model_name='soppage',
            name='sop_number',
            field=models.CharField(blank=True, max_length=100, verbose_name='SOP number'),
        ),
        migrations.AlterField(
            model_name='soppage',
            name='approver_name',
            field=models.CharField(blank=True, max_length=150, verbose_name='approved by (name)'),
        ),
        migrations.AlterField(
            model_name='soppage',
            name='approver_nip',
            field=guidance.fields.NipField(blank=True, max_length=18, verbose_name="approver's NIP"),
        ),
        # Dates become ISO text: PostgreSQL casts 2026-01-02 to '2026-01-02'.
        migrations.AlterField(model_name='soppage', name='date_made', field=_partial_date(null=True, verbose_name='date made')),
        migrations.AlterField(model_name='soppage', name='date_revised', field=_partial_date(null=True, verbose_name='date revised')),
        migrations.AlterField(model_name='soppage', name='date_effective', field=_partial_date(null=True, verbose_name='date effective')),
        migrations.RunPython(blank_dates, migrations.RunPython.noop),
        migrations.AlterField(model_name='soppage', name='date_made', field=_partial_date(verbose_name='date made')),
        migrations.AlterField(model_name='soppage', name='date_revised', field=_partial_date(verbose_name='date revised')),
        migrations.AlterField(model_name='soppage', name='date_effective', field=_partial_date(verbose_name='date effective')),
        migrations.AddField(
            model_name='sopstep',
            name='actors',
            field=models.JSONField(blank=True, default=list, verbose_name='actors'),
        ),
        migrations.AddField(
            model_name='sopstep',
            name='procedure',
            field=models.CharField(blank=True, help_text='Which procedure (table) the step belongs to; empty means the first.', max_length=31, verbose_name='procedure'),
        ),
        migrations.AddField(
            model_name='sopstep',
            name='time_amount',
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=7, null=True, verbose_name='time'),
        ),
        migrations.AddField(
            model_name='sopstep',
            name='time_unit',
            field=models.CharField(blank=True, choices=[('menit', 'minutes'), ('jam', 'hours'), ('hari', 'days'), ('minggu', 'weeks')], max_length=10, verbose_name='time unit'),
        ),
        migrations.AddField(
            model_name='sopstep',
            name='yes_step',
            field=models.PositiveSmallIntegerField(blank=True, help_text='Decisions only; empty means the next step.', null=True, verbose_name='if yes, go to step'),
        ),
        migrations.AlterField(
            model_name='sopstep',
            name='no_step',
            field=models.PositiveSmallIntegerField(blank=True, help_text='Decisions only: the step followed when the answer is no (any other step).', null=True, verbose_name='if no, go to step'),
        ),
        migrations.AlterField(
            model_name='sopstep',
            name='output',
            field=models.TextField(blank=True, verbose_name='output'),
        ),
        migrations.AlterField(
            model_name='sopstep',
            name='remarks',
            field=models.TextField(blank=True, verbose_name='remarks'),
        ),
        migrations.AlterField(
            model_name='sopstep',
            name='requirements',
            field=models.TextField(blank=True, verbose_name='requirements'),
        ),
        migrations.AlterField(
            model_name='sopstep',
            name='actor',
            field=models.CharField(blank=True, max_length=80, verbose_name='actor'),
        ),
        migrations.AlterField(
            model_name='sopstep',
            name='time',
            field=models.CharField(blank=True, max_length=80, verbose_name='time'),
        ),
        migrations.RunPython(forward, backward),
        migrations.RemoveField(model_name='sopstep', name='actor'),
        migrations.RemoveField(model_name='sopstep', name='time'),
        migrations.AddConstraint(
            model_name='sopstep',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('time_amount__isnull', True), ('time_unit', '')), models.Q(('time_amount__gt', 0), ('time_unit__in', ['menit', 'jam', 'hari', 'minggu'])), _connector='OR'), name='sop_step_time_has_amount_and_unit'),
        ),
    ]
