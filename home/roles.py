"""The portal's roles are Wagtail groups; these names are the single source for code and data.

A village operator is linked to its village by its profile (`village_of`); a member of a
village's community body (BPD, PKK…) to that body (`body_of`). Both ask for sessions: the
`Requester` is the village office or the body.
"""

import dataclasses
import functools

from django.db import connection

EDITORS = "Editors"
MODERATORS = "Moderators"
STAFF = "Staf Kecamatan"
OPERATORS = "Operator Desa"


def group_names(user):
    """The user's group names, read once per user object (so once per request)."""
    if not user.is_authenticated:
        return frozenset()
    names = getattr(user, "_portal_group_names", None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        user._portal_group_names = names
    return names


def in_group(user, name):
    return name in group_names(user)


def is_staff_member(user):
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    known = getattr(user, "_portal_in_staff_group", None)  # read with the profile
    return in_group(user, STAFF) if known is None else known


@dataclasses.dataclass(frozen=True)
class Requester:
    """Who asks for a session: a village office (body is None) or one body of the village."""

    village: object
    body: object = None


def body_of(user):
    """The active community body a member acts for, or None for anyone else (a withdrawn
    body's members act for nobody)."""
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_portal_body", False)
    if cached is not False:
        return cached
    profile = profile_of(user)
    body = None
    if profile is not None and profile.body_id is not None:
        bodies = profile._meta.get_field("body").related_model.objects
        body = (
            bodies.select_related("village", "kind")
            .filter(pk=profile.body_id, active=True, village__active=True)
            .first()
        )
    user._portal_body = body
    return body


def requester_of(user):
    """The village office (for its operator) or the body (for its member) the user asks for,
    or None."""
    village = village_of(user)
    if village is not None:
        return Requester(village)
    body = body_of(user)
    if body is not None:
        return Requester(body.village, body)
    return None


def village_of(user):
    """The one village an operator acts for, or None for anyone else."""
    if not user.is_authenticated:
        return None
    profile = profile_of(user)
    return profile.village if profile is not None else None


def profile_of(user):
    """The user's profile with its village, read in one query and kept on the user object as
    Django keeps a related object (so `user.profile` costs nothing more), or None.

    The same statement tells whether the user is in the staff group, so that `is_staff_member`
    asks nothing more of anyone with a profile. It runs on every page a signed-in person opens,
    so it is written out once (`_profile_statement`) rather than compiled by the ORM each time;
    the rows become model instances as Django's own would."""
    cache = user._state.fields_cache
    if "profile" not in cache:
        profile_model, village_model, sql = _profile_statement(connection)
        with connection.cursor() as cursor:
            cursor.execute(sql, [STAFF, user.pk])
            row = cursor.fetchone()
        profile = None
        if row is not None:
            split = len(profile_model._meta.concrete_fields)
            profile = _instance(profile_model, row[:split])
            village = None
            if profile.village_id is not None:
                village = _instance(village_model, row[split:-1])
            profile._state.fields_cache["village"] = village
            profile._state.fields_cache["user"] = user
            user._portal_in_staff_group = bool(row[-1])
        cache["profile"] = profile
    return cache["profile"]


def _instance(model, values):
    """A model instance from a row of its concrete fields, as the ORM builds it: each value
    through the database's and the field's converters (booleans on SQLite, JSON, …)."""
    attnames, readers = _row_readers(model, connection.vendor)
    converted = []
    for (column, converters), value in zip(readers, values, strict=True):
        for convert in converters:
            value = convert(value, column, connection)
        converted.append(value)
    return model.from_db(connection.alias, attnames, converted)


@functools.cache
def _row_readers(model, vendor):
    """The attribute names of `model`'s concrete fields, and for each its column and the
    converters its values go through on this database (worked out once per process)."""
    readers = []
    for field in model._meta.concrete_fields:
        column = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        readers.append((column, converters))
    return [field.attname for field in model._meta.concrete_fields], readers


_STATEMENTS = {}


def _profile_statement(connection):
    """(profile model, village model, SQL): a profile, its village's columns (NULL without
    one) and whether its user is in the group named by the first parameter; the second is the
    user's id. Identifiers come from the models' metadata; every value is a parameter."""
    from django.contrib.auth import get_user_model

    found = _STATEMENTS.get(connection.vendor)
    if found is None:
        user_model = get_user_model()
        profile_model = user_model._meta.get_field("profile").related_model
        village_model = profile_model._meta.get_field("village").related_model
        membership = user_model._meta.get_field("groups").remote_field.through._meta
        group_model = user_model._meta.get_field("groups").related_model
        q = connection.ops.quote_name

        def columns(model, alias):
            return [f"{alias}.{q(field.column)}" for field in model._meta.concrete_fields]

        user_column = membership.get_field(user_model._meta.model_name).column
        group_column = membership.get_field(group_model._meta.model_name).column
        profile_user = profile_model._meta.get_field("user").column
        profile_village = profile_model._meta.get_field("village").column
        selected = columns(profile_model, "p") + columns(village_model, "v")
        sql = (
            f"SELECT {', '.join(selected)}, EXISTS (SELECT 1"  # noqa: S608
            f" FROM {q(membership.db_table)} m INNER JOIN {q(group_model._meta.db_table)} g"
            f" ON g.{q(group_model._meta.pk.column)} = m.{q(group_column)}"
            f" WHERE m.{q(user_column)} = p.{q(profile_user)}"
            f" AND g.{q(group_model._meta.get_field('name').column)} = %s)"
            f" FROM {q(profile_model._meta.db_table)} p"
            f" LEFT OUTER JOIN {q(village_model._meta.db_table)} v"
            f" ON v.{q(village_model._meta.pk.column)} = p.{q(profile_village)}"
            f" WHERE p.{q(profile_user)} = %s"
        )
        found = _STATEMENTS[connection.vendor] = (profile_model, village_model, sql)
    return found
