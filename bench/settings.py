"""The portal's settings, serving bench/urls.py: the portal's pages plus the frame-only page."""

from policyportal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
