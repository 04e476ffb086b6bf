from sites.models.monitoring import LookedAt, MonitoringCheck
from sites.models.review import (
    Answer,
    Evidence,
    Finding,
    FindingStatus,
    ReviewAnswer,
    ReviewOutcome,
    SiteReview,
    evidence_path,
)
from sites.models.site import Compliance, Site, SiteStatus
from sites.models.violation import ViolationReport
from sites.personal.models import Acknowledgment, Consultation, ConsultationAnswer, DirectoryObjection

__all__ = [
    "Acknowledgment",
    "Answer",
    "Compliance",
    "Consultation",
    "ConsultationAnswer",
    "DirectoryObjection",
    "Evidence",
    "Finding",
    "FindingStatus",
    "LookedAt",
    "MonitoringCheck",
    "ReviewAnswer",
    "ReviewOutcome",
    "Site",
    "SiteReview",
    "SiteStatus",
    "ViolationReport",
    "evidence_path",
]
