"""The portal's roles are Wagtail groups; these names are the single source for code and data."""

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


def village_of(user):
    """The one village an operator acts for, or None for anyone else."""
    if not user.is_authenticated:
        return None
    profile = getattr(user, "profile", None)
    return profile.village if profile is not None else None
