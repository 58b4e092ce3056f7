"""PostgreSQL's guard against double booking: btree_gist and an exclusion constraint over
(room =, [start, end) &&) for the statuses that hold a slot. SQLite skips both (see
bookings/constraints.py); the model state is unchanged on every database."""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

from bookings.constraints import AddConstraintToDatabase, PostgresOnly, no_overlap_constraint


class Migration(migrations.Migration):
    dependencies = [("bookings", "0001_initial")]

    operations = [
        # BtreeGistExtension already does nothing on other databases.
        BtreeGistExtension(),
        PostgresOnly(AddConstraintToDatabase("booking", no_overlap_constraint())),
    ]
