"""The database's last guard against double booking, PostgreSQL only.

`no_overlap_constraint()` is a django.contrib.postgres ExclusionConstraint: same room (`=`) and
overlapping half-open [start, end) ranges (`&&`) may not both be in a slot-holding status.
`PostgresOnly` wraps a migration operation so SQLite (the embedded development default) skips it;
there the service's overlap check under the room lock is the guard. The constraint is not in the
model's Meta, so the migration state is the same on both databases and `makemigrations --check`
stays clean everywhere.
"""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.db import models
from django.db.migrations.operations.base import Operation

NO_OVERLAP_NAME = "bookings_booking_no_overlap"
HOLDING = ["pending", "info_requested", "approved"]


class TsTzRange(models.Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


def no_overlap_constraint():
    return ExclusionConstraint(
        name=NO_OVERLAP_NAME,
        expressions=[
            (TsTzRange("start", "end", RangeBoundary()), RangeOperators.OVERLAPS),
            ("room", RangeOperators.EQUAL),
        ],
        condition=models.Q(status__in=HOLDING),
    )


class PostgresOnly(Operation):
    """Run the wrapped operation's database part on PostgreSQL only; it changes no state."""

    reduces_to_sql = False
    reversible = True

    def __init__(self, operation):
        self.operation = operation

    def deconstruct(self):
        return self.__class__.__name__, [self.operation], {}

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"On PostgreSQL only: {self.operation.describe()}"


class AddConstraintToDatabase(Operation):
    """Create a constraint in the database without recording it in the model state."""

    reduces_to_sql = False
    reversible = True

    def __init__(self, model_name, constraint):
        self.model_name = model_name
        self.constraint = constraint

    def deconstruct(self):
        return self.__class__.__name__, [self.model_name, self.constraint], {}

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        schema_editor.add_constraint(model, self.constraint)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        schema_editor.remove_constraint(model, self.constraint)

    def describe(self):
        return f"Create constraint {self.constraint.name} on {self.model_name}"
