from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse

from audits.forms import positive_int
from audits.hidden_targets import with_shown_labels
from audits.models import AuditEvent
from audits.rules import may_read_audit_trail

# Where a target of each type is shown; a finding and a site file live on their site's page.
TARGET_PAGES = {
    "socialmediarequest": "requests:detail",
    "site": "sites:detail",
    "violationreport": "sites:violation",
}


def events_visible_to(user) -> QuerySet[AuditEvent]:
    """District administrators read their district's trail; nobody reads another district's."""
    if not may_read_audit_trail(user):
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(district_id=user.district_id).order_by("-sequence")


def events_filtered(user, *, actor=None, action="", target_type="", target_id="", since=None, until=None, before=None):
    """Newest first; `before` (a sequence number) pages back without counting or offsetting a million rows. Each
    event's `shown_label` names its target only if `user` may see it."""
    found = with_shown_labels(events_visible_to(user), user)
    if before is not None:
        found = found.filter(sequence__lt=before)
    for word in (actor or "").split():  # "Priya", "Priya Natarajan" or "wh.teacher"
        named = Q(actor__first_name__icontains=word) | Q(actor__last_name__icontains=word)
        found = found.filter(named | Q(actor__username__icontains=word))
    if action:
        found = found.filter(action=action)
    if target_type:
        found = found.filter(target_type=target_type)
    if target_id:
        found = found.filter(target_id=target_id)
    if since:
        found = found.filter(occurred_at__date__gte=since)
    if until:
        found = found.filter(occurred_at__date__lte=until)
    return found


# Walks the (district, column) index once per distinct value instead of reading every event.
_SKIP_SCAN = """
WITH RECURSIVE walk AS (
    (SELECT {column} AS value FROM audits_auditevent WHERE district_id = %s ORDER BY {column} LIMIT 1)
    UNION ALL
    SELECT (SELECT e.{column} FROM audits_auditevent e
            WHERE e.district_id = %s AND e.{column} > walk.value ORDER BY e.{column} LIMIT 1)
    FROM walk WHERE walk.value IS NOT NULL
)
SELECT value FROM walk WHERE value IS NOT NULL AND value <> ''
"""


def _distinct(user, column: str) -> list[str]:
    if not may_read_audit_trail(user):
        return []
    if connection.vendor != "postgresql":
        values = events_visible_to(user).order_by().values_list(column, flat=True).distinct()
        return sorted(value for value in values if value)
    with connection.cursor() as cursor:
        cursor.execute(_SKIP_SCAN.format(column=column), [user.district_id, user.district_id])
        return [row[0] for row in cursor.fetchall()]


def filter_choices(user) -> tuple[list[str], list[str]]:
    """The actions and target types that occur in the district's trail, for the filter's menus."""
    return _distinct(user, "action"), _distinct(user, "target_type")


def event_get_for_user(user, pk: int) -> AuditEvent:
    found = with_shown_labels(events_visible_to(user), user).select_related("actor").filter(pk=pk).first()
    if found is None:
        raise Http404("No such event.")
    return found


def target_url(event: AuditEvent) -> str | None:
    if getattr(event, "target_hidden", False):  # annotated by event_get_for_user
        return None
    name = TARGET_PAGES.get(event.target_type)
    target_id = positive_int(event.target_id)
    if name is None or target_id is None:
        return None
    try:
        return reverse(name, args=[target_id])
    except NoReverseMatch:
        return None


def last_verification(user) -> AuditEvent | None:
    return events_visible_to(user).filter(action="audit.chain_verified").first()


def last_event_about(record, *, district_id: int) -> AuditEvent | None:
    """The latest event about `record`, as its own page's history shows it: who changed it last, and when."""
    return (
        AuditEvent.objects.filter(
            district_id=district_id, target_type=record._meta.model_name, target_id=str(record.pk)
        )
        .order_by("-sequence")
        .first()
    )
