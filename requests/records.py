"""The requests app's kind of record, for the records office (`policyportal.records.registry`)."""

from django.db.models import Q

from policyportal.records.registry import RecordKind, StartEvent, register_kind


def _describe(request) -> str:
    return f"Request {request.pk} ({request.get_status_display().lower()})"


def register() -> None:
    register_kind(
        RecordKind(
            key="requests",
            label="Requests and their decisions",
            model="requests.SocialMediaRequest",
            starts={
                "decided": StartEvent("the request is decided", "decided_at"),
                "filed": StartEvent("the request is filed", "created_at"),
            },
            made="created_at",
            site="site",
            people=("requester",),
            describe=_describe,
            # An approved request is part of its site's file, and is kept as long as that is.
            kept_while=Q(site__isnull=False),
        )
    )
