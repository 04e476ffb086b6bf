"""What a records officer reads of the packages, and the sites and people of the district a package may name.
Anyone else gets nothing: their pages are 404s."""

from django.db.models import Q, QuerySet
from django.http import Http404

from policyportal.models import User
from policyportal.records.package_models import RecordsPackage
from policyportal.records.rules import may_manage_records
from sites.models import Site


def packages_visible_to(user) -> QuerySet[RecordsPackage]:
    if not may_manage_records(user):
        return RecordsPackage.objects.none()
    return RecordsPackage.objects.filter(district_id=user.member_district_id).select_related("requested_by")


def package_get_for_user(user, pk: int) -> RecordsPackage:
    package = packages_visible_to(user).select_related("district").filter(pk=pk).first()
    if package is None:
        raise Http404("No such package.")
    return package


def sites_to_choose(user) -> QuerySet[Site]:
    """Every site of the district, retired ones included: a records request may reach back to them."""
    if not may_manage_records(user):
        return Site.objects.none()
    return Site.objects.filter(district_id=user.member_district_id).select_related("school").order_by("name", "pk")


def people_to_choose(user) -> QuerySet[User]:
    """Everyone of the district, those who have left included."""
    if not may_manage_records(user):
        return User.objects.none()
    return User.objects.filter(district_id=user.member_district_id).order_by("last_name", "first_name", "username")


def sites_named(sites: QuerySet[Site], term: str) -> QuerySet[Site]:
    return sites.filter(Q(name__icontains=term) | Q(school__name__icontains=term)) if term else sites


def people_named(people: QuerySet[User], term: str) -> QuerySet[User]:
    if not term:
        return people
    named = Q()
    for word in term.split():
        named &= Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(username__icontains=word)
    return people.filter(named)
