
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0013_incident_description_zh'),
        ('incidents', '0013_regime_clock_events_omnibus'),
        ('incidents', '0013_userpreference_traditional_chinese'),
    ]

    operations = [
    ]
