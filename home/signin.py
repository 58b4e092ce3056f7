"""Sign-in lockouts that protect an account without letting a stranger lock its owner out.

django-axes counts failed sign-ins per (username, address) pair: five wrong passwords for one
username from one address lock that pair only, so the real operator signing in from their own
address is never refused because of someone else. A second, separate limit counts every
failure from one address across all usernames: it stops password spraying (a few guesses at
each of many usernames), which the pair limit alone never notices. Both live in the database,
so every server process and machine sees the same counts.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def address_failures(request):
    """Failed sign-ins from the request's address, all usernames together, within the cool-off."""
    attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class PortalAxesHandler(AxesDatabaseHandler):
    """Axes' database handler plus the per-address limit (`AXES_ADDRESS_FAILURE_LIMIT`)."""

    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        limit = settings.AXES_ADDRESS_FAILURE_LIMIT
        if limit and request.axes_ip_address and address_failures(request) >= limit:
            # Axes locks when the count reaches its limit: an address over its own limit
            # counts as locked for every username.
            return max(failures, get_failure_limit(request, credentials))
        return failures
