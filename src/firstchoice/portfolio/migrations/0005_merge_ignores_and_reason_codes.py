# Joins two branches of work: suggestion ignores + removal reasons, and reason codes.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('portfolio', '0004_suggestion_ignores_and_removal_reasons'),
        ('portfolio', '0004_tier_change_reason_code'),
    ]

    operations = [
    ]
