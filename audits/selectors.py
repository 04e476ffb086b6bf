from django.db.models import QuerySet

from audits.models import AuditEvent


def events_visible_to(user) -> QuerySet[AuditEvent]:
    """District administrators read their district's trail; nobody reads another district's."""
    if not user.is_district_admin:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(district_id=user.district_id).order_by("-sequence")
