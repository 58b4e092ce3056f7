"""SOPs as offices write them, step 3 of 3: dates no longer null, the old step fields go."""

from django.db import migrations, models

import guidance.fields


def _partial_date(**kwargs):
    return guidance.fields.PartialDateField(blank=True, max_length=10, **kwargs)


class Migration(migrations.Migration):

    dependencies = [("guidance", "0004_sop_as_written_data")]

    operations = [
        migrations.AlterField(model_name='soppage', name='date_made', field=_partial_date(verbose_name='date made')),
        migrations.AlterField(model_name='soppage', name='date_revised', field=_partial_date(verbose_name='date revised')),
        migrations.AlterField(model_name='soppage', name='date_effective', field=_partial_date(verbose_name='date effective')),
        migrations.RemoveField(model_name='sopstep', name='actor'),
        migrations.RemoveField(model_name='sopstep', name='time'),
        migrations.AddConstraint(
            model_name='sopstep',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('time_amount__isnull', True), ('time_unit', '')), models.Q(('time_amount__gt', 0), ('time_unit__in', ['menit', 'jam', 'hari', 'minggu'])), _connector='OR'), name='sop_step_time_has_amount_and_unit'),
        ),
    ]
