"""A site's compliance as a badge, written once in Python rather than as a dozen comparisons per table row."""

from django import template
from django.utils.html import format_html_join

from sites.models import Compliance

register = template.Library()

BADGES = {
    Compliance.COMPLIANT: ("text-bg-success", "Compliant"),
    Compliance.REVIEW_OVERDUE: ("text-bg-danger", "Review overdue"),
    Compliance.REVIEW_DUE: ("text-bg-warning", "Review due"),
    Compliance.FINDINGS_OPEN: ("text-bg-warning", "Findings open"),
    Compliance.INACTIVE: ("text-bg-secondary", "Not in use"),
    Compliance.NEVER_REVIEWED: ("text-bg-secondary", "Never reviewed"),
}


@register.simple_tag
def compliance_badges(site) -> str:
    """The compliance badge, and a second one counting overdue findings if there are any."""
    badges = [BADGES[site.compliance]]
    if site.overdue_findings:
        plural = "" if site.overdue_findings == 1 else "s"
        badges.append(("text-bg-danger", f"{site.overdue_findings} overdue finding{plural}"))
    return format_html_join("\n", '<span class="badge {}">{}</span>', badges)
