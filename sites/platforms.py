"""Which addresses belong to which platform: a Facebook group lives on facebook.com, and so on."""

from urllib.parse import urlsplit

from django.db import models


class Platform(models.TextChoices):
    """Where a district-sponsored site lives. The site registry owns the list; a request names one of them."""

    FACEBOOK_GROUP = "facebook_group", "Facebook group"
    INSTAGRAM = "instagram", "Instagram"
    X = "x", "X (formerly Twitter)"
    YOUTUBE = "youtube", "YouTube"
    OTHER = "other", "Other (name it)"


HOSTS = {
    Platform.FACEBOOK_GROUP: ("facebook.com",),
    Platform.INSTAGRAM: ("instagram.com",),
    Platform.X: ("x.com", "twitter.com"),
    Platform.YOUTUBE: ("youtube.com",),
}


def address_problem(url: str, platform: str) -> str | None:
    """Why `url` cannot be this platform's site, or None if it can."""
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return "Enter the site's full https:// address."
    if "\\" in url or parts.username is not None or parts.password is not None:
        # Browsers and Python disagree on where the host of such an address is; refuse them all.
        return "Enter the address as the browser shows it, without a user name or backslashes."
    hosts = HOSTS.get(platform)
    if hosts and not any(parts.hostname == host or parts.hostname.endswith(f".{host}") for host in hosts):
        return f"That address is not on {' or '.join(hosts)}, where a {Platform(platform).label} lives."
    if platform == Platform.FACEBOOK_GROUP and not parts.path.startswith("/groups/"):
        return "A Facebook group's address looks like https://www.facebook.com/groups/…"
    return None
