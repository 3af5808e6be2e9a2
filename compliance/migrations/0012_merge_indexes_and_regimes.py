
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('compliance', '0010_obligation_limit_indexes'),
        ('compliance', '0011_regimes_twenty'),
    ]

    operations = [
    ]
