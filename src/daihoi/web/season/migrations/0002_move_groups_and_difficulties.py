"""Working groups and difficulties now belong to the groups app (see ``groups.0001_initial``).

Only Django's state changes: the tables and their rows stay where they are, now owned by the
groups app's models.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("season", "0001_initial"),
        ("groups", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="DifficultyEvent"),
                migrations.DeleteModel(name="Difficulty"),
                migrations.DeleteModel(name="WorkingGroup"),
            ],
        ),
    ]
