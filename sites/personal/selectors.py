"""The only code that reads personal-use records for a user: questions about posts, the sites one posts on,
acknowledgments of the rules."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from policyportal.models import PolicyVersion, School, User
from policyportal.selectors import current_policy
from sites.models import Site
from sites.personal import rules
from sites.personal.models import Acknowledgment, Consultation, DirectoryObjection


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


def acknowledgment_status(user: User) -> tuple[PolicyVersion | None, Acknowledgment | None]:
    """The district's current rules, and the user's acknowledgment of them if they signed it."""
    version = current_policy(user.member_district_id)
    if version is None:
        return None, None
    return version, Acknowledgment.objects.filter(user=user, policy_version=version).first()


def acknowledgments_missing(version: PolicyVersion) -> QuerySet[User]:
    """Who still owes an acknowledgment of `version` (`rules.owes_acknowledgment`), by school and name."""
    return (
        User.objects.filter(rules.owing_acknowledgment(version))
        .select_related("school")
        .order_by("school__name", "last_name", "first_name")
    )


def acknowledgment_completion_by_school(version: PolicyVersion) -> list[dict]:
    """Per school (the district office for people without one): how many of its active people signed, counted
    in the database (one row per school, not per person)."""
    counted = (
        User.objects.filter(district_id=version.district_id, is_active=True)
        .values("school__name")
        .annotate(
            all=Count("pk", distinct=True),
            done=Count("acknowledgments", filter=Q(acknowledgments__policy_version=version)),
        )
    )
    rows = [
        {"school": row["school__name"] or "District office", "done": row["done"], "all": row["all"]} for row in counted
    ]
    return sorted(rows, key=lambda row: row["school"])


def roster_to_purge(user: User, school_id: int | None = None) -> QuerySet[DirectoryObjection]:
    """The roster entries a records officer may purge (`rules.may_purge_roster`): their district's, or one of its
    schools'."""
    if not rules.may_purge_roster(user):
        return DirectoryObjection.objects.none()
    roster = DirectoryObjection.objects.filter(district_id=user.member_district_id)
    return roster.filter(school_id=school_id) if school_id is not None else roster


def roster_kept_by_holds(user: User, school_id: int | None = None) -> QuerySet[DirectoryObjection]:
    """The entries of `roster_to_purge` a standing legal hold covers: a purge leaves them on the roster."""
    return roster_to_purge(user, school_id).filter(rules.roster_held_q(user.member_district_id))


def roster_schools_to_purge(user: User) -> QuerySet[School]:
    """The officer's district's schools with anyone on the roster, each with its count as `students`."""
    schools = (
        School.objects.filter(district_id=user.member_district_id)
        if rules.may_purge_roster(user)
        else School.objects.none()
    )
    return schools.annotate(students=Count("directory_objections")).filter(students__gt=0).order_by("name")
