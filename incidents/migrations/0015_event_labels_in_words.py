
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0014_merge_chinese_account_clock_events_languages'),
    ]

    operations = [
        migrations.AlterField(
            model_name='playbooktask',
            name='due_anchor',
            field=models.CharField(blank=True, choices=[('detected', 'Detection'), ('aware', 'Awareness'), ('obligation', "An obligation's due time")], help_text='Empty: the task has no due time.', max_length=12),
        ),
        migrations.AlterField(
            model_name='task',
            name='due_anchor',
            field=models.CharField(blank=True, choices=[('detected', 'Detection'), ('aware', 'Awareness'), ('obligation', "An obligation's due time")], help_text='Empty: the due time is fixed (or there is none).', max_length=12),
        ),
    ]
