"""The client's address as the audit trail records it; login throttling (AXES_CLIENT_IP_CALLABLE) counts the same."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's address, or None if it is not one.

    Behind our load balancer (DJANGO_BEHIND_PROXY=1) it is the right-most X-Forwarded-For entry, the one
    the balancer appended: entries to its left are whatever the client chose to send.
    """
    candidate = request.META.get("REMOTE_ADDR", "")
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            candidate = forwarded.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(candidate.split("%")[0]))
    except ValueError:
        return None
