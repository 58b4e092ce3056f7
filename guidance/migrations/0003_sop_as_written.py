"""SOPs as offices write them (issue 13), step 1 of 3: the new fields beside the old ones: multi-line kop with a logo, optional identity fields,
dates that may give only a month, several actors per step, “Ya”/“Tidak” to any step, durations
as a number and a unit, and titled procedures.

Existing SOPs keep everything they hold. Dates become ISO text ("2026-01-02"); each step's single
``actor`` becomes the one-item list ``actors``; its free-text ``time`` becomes an amount and a
unit when it reads as one ("1 hari", "2 jam"), and otherwise is kept word for word at the head
of the remarks ("Waktu: Sesuai kesepakatan"). A kop whose line break the old one-line field had
swallowed ("…Kabupaten BalanganKecamatan…") gets it back. The same changes are made to the
stored revisions, so drafts and history open without loss. Reversible."""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

import guidance.fields


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
    ]
