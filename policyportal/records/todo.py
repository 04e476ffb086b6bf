"""A records officer's to-do: the district's disposal list waiting for their review and approval."""

from datetime import datetime

from django.db.models import Count
from django.urls import reverse

from policyportal import todo
from policyportal.models import User
from policyportal.records.models import DisposalBatch, DisposalStatus
from policyportal.records.rules import may_manage_records


def owed_by(user: User, now: datetime) -> list[todo.ToDo]:
    if not may_manage_records(user):
        return []
    waiting = (
        DisposalBatch.objects.filter(district_id=user.member_district_id, status=DisposalStatus.LISTED)
        .annotate(records=Count("items"))
        .first()
    )
    if waiting is None:
        return []
    district = user.member_district
    records = f"{waiting.records} record{'s' if waiting.records != 1 else ''}"
    return [
        todo.waiting(
            what=f"Review the disposal list: {records} past their retention period",
            step="Review the list",
            link=reverse("records:disposal"),
            since=todo.local_date(waiting.listed_at, district),
            today=todo.local_date(now, district),
        )
    ]
