"""The portal's roles are Wagtail groups; these names are the single source for code and data.

A village operator is linked to its village by its profile (`village_of`); a member of a
village's community body (BPD, PKK…) to that body (`body_of`). Both ask for sessions: the
`Requester` is the village office or the body.
"""

import dataclasses

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
    return user.is_authenticated and (user.is_superuser or in_group(user, STAFF))


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
    Django keeps a related object (so `user.profile` costs nothing more), or None."""
    cache = user._state.fields_cache
    if "profile" not in cache:
        profiles = user._meta.get_field("profile").related_model.objects
        profile = profiles.select_related("village").filter(user=user).first()
        if profile is not None:
            profile._state.fields_cache["user"] = user
        cache["profile"] = profile
    return cache["profile"]
