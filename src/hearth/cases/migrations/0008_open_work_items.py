# The open work items: a derived table (see hearth.cases.work).

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_initial'),
        ('cases', '0007_indexes_for_indicators'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='WorkItem',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('kind', models.CharField(choices=[('assessment', 'Assessment'), ('case_plan', 'Case plan'), ('follow_up', 'Follow-up'), ('plan_action', 'Plan action'), ('review', 'Case review'), ('service', 'Service')], max_length=12, verbose_name='kind')),
                ('row_id', models.UUIDField(verbose_name='row')),
                ('due_on', models.DateField(verbose_name='due')),
                ('due_at', models.DateTimeField(blank=True, null=True, verbose_name='due at')),
                ('detail', models.CharField(blank=True, max_length=20, verbose_name='detail')),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cases.case')),
                ('owner', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('service_type', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cases.servicetype')),
                ('team', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.team')),
            ],
            options={
                'verbose_name': 'open work item',
                'verbose_name_plural': 'open work items',
                'indexes': [models.Index(fields=['owner', 'due_on', 'kind', 'due_at', 'team', 'row_id', 'case'], name='work_owner_due'), models.Index(fields=['team', 'due_on', 'owner', 'kind', 'due_at', 'case'], name='work_team_due'), models.Index(fields=['case', 'kind'], name='work_case')],
                'constraints': [models.UniqueConstraint(fields=('kind', 'row_id'), name='work_item_one_per_row')],
            },
        ),
    ]
