"""The address of the person making a request, as seen through the documented proxy.

Behind nginx every request arrives from 127.0.0.1; nginx passes the real address on in
`X-Forwarded-For` (appended to whatever the client sent) and `X-Real-IP`. Those headers are
believed only when the request comes from an address in `PORTAL_TRUSTED_PROXIES`: anyone
else could write any address there. Sign-in lockouts (django-axes) and the address-based
rate limits all use this one answer.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(value):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address):
    networks = _networks(tuple(getattr(settings, "PORTAL_TRUSTED_PROXIES", ())))
    return any(address.version == net.version and address in net for net in networks)


def client_address(request):
    """The client's address: the forwarded one only when a trusted proxy forwarded it.

    `X-Forwarded-For` is read from the right: each trusted proxy appends the address it saw,
    so the first address from the right that is not a trusted proxy is the client's. A
    malformed entry ends the walk (what lies left of it cannot be believed either).
    """
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return request.META.get("REMOTE_ADDR") or None
    if not _trusted(remote):
        return str(remote)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    candidate = None
    for entry in reversed([part for part in forwarded.split(",") if part.strip()]):
        address = _address(entry)
        if address is None:
            break
        candidate = address
        if not _trusted(address):
            return str(address)
    real_ip = _address(request.META.get("HTTP_X_REAL_IP", ""))
    if real_ip is not None:
        return str(real_ip)
    return str(candidate or remote)
