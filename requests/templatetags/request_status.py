"""A request's status as a badge, and whom it waits for: said once in Python rather than in each template."""

from django import template
from django.utils.html import format_html

from requests import rules
from requests.models import SocialMediaRequest, Status

register = template.Library()

BADGE_CLASSES = {
    Status.APPROVED: "text-bg-success",
    Status.DENIED: "text-bg-danger",
    Status.RETURNED: "text-bg-warning",
    Status.PENDING: "text-bg-primary",
}


@register.simple_tag
def request_status_badge(request: SocialMediaRequest) -> str:
    label = request.get_status_display()
    if request.status == Status.PENDING and request.steps_total > 1:
        label += f", step {request.current_step} of {request.steps_total}"
    return format_html(
        '<span class="badge {}">{}</span>', BADGE_CLASSES.get(request.status, "text-bg-secondary"), label
    )


@register.simple_tag
def request_waiting_for(request: SocialMediaRequest, requester_label: str = "You") -> str:
    """Whose move it is: the decider, the administrators (nobody to decide), the requester, or nobody."""
    if request.status == Status.PENDING:
        if not rules.decider_answers(request):
            return "A district administrator to assign a decider"
        return request.current_decider.display_name
    if request.is_editable:
        return requester_label
    return "—"
