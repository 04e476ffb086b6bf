"""What the audit trail may name of a request: its site's name as the request holds it now (`audits.live_labels`:
the events keep only "Request 12"), except that another person's private draft is a 404 to its reader, so the
trail calls it "a private draft" (`audits.hidden_targets`)."""

from django.db.models import Q, QuerySet

from audits.hidden_targets import register_hidden
from audits.live_labels import register_live_label
from policyportal.models import User
from requests.models import SocialMediaRequest
from requests.rules import visible_requests

PRIVATE_DRAFT = "a private draft"


def hidden_from(reader: User) -> QuerySet[SocialMediaRequest]:
    """The district's requests `reader` may not open: others' drafts, whoever reads."""
    return SocialMediaRequest.objects.filter(Q(district_id=reader.district_id)).exclude(visible_requests(reader))


def register() -> None:
    register_live_label("socialmediarequest", SocialMediaRequest.objects.all, field="site_name")
    register_hidden("socialmediarequest", hidden_from=hidden_from, label=PRIVATE_DRAFT)
