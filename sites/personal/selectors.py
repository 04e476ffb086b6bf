"""The only code that reads personal-use records for a user: questions about posts, the sites one posts on."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from policyportal.models import User
from sites.models import Consultation, Site
from sites.personal import rules


def consultations_of(user: User) -> QuerySet[Consultation]:
    """The questions about posts a user sees (`rules.may_see_consultation`)."""
    seen = rules.consultations_seen_by(user, timezone.now())
    return Consultation.objects.filter(seen).select_related("employee", "supervisor", "answered_by")


def consultation_get_for_user(user: User, pk: int) -> Consultation:
    consultation = consultations_of(user).filter(pk=pk).first()
    if consultation is None:
        raise Http404("No such question.")
    return consultation


def consultations_waiting_for(user: User) -> QuerySet[Consultation]:
    """Unanswered questions the user may answer (`rules.may_answer`)."""
    return Consultation.objects.filter(rules.answerable_by(user), answered_at__isnull=True)


def postable_sites(user: User) -> QuerySet[Site]:
    """The district sites the user may post on (`rules.may_post_on`), to choose where a post goes."""
    return Site.objects.filter(rules.postable_by(user)).order_by("name")
