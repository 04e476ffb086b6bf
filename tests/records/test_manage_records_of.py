"""One rule says who manages a district's records (`may_manage_records_of`), in its Python form and its `Q` form
(`records_officers_q`); every records action asks it, and the pages ask rules, not statuses, what state a
disposal list or a package is in."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from audits.reports.records_package.services import package_download
from policyportal.models import User
from policyportal.records import disposal, rules
from policyportal.records.models import DisposalBatch, DisposalStatus
from policyportal.records.package_models import PackageStatus, RecordsPackage
from policyportal.records.services import legal_hold_place
from sites.personal.rules import may_purge_roster
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_python_and_q_forms_admit_the_same_people(officer, r14_officer, admin, employee, west_hartford, region_14):
    gone = factories.user(district=west_hartford, username="gone")
    gone.is_records_officer, gone.is_active = True, False
    gone.save(update_fields=["is_records_officer", "is_active"])
    people = [officer, r14_officer, admin, employee, gone]
    for district in (west_hartford, region_14):
        admitted = set(User.objects.filter(rules.records_officers_q(district.pk)).values_list("pk", flat=True))
        assert admitted == {person.pk for person in people if rules.may_manage_records_of(person, district.pk)}
    assert rules.may_manage_records_of(officer, west_hartford.pk)
    assert not rules.may_manage_records_of(officer, region_14.pk)
    assert not rules.may_manage_records_of(r14_officer, west_hartford.pk)


def test_another_districts_officer_is_refused_everywhere(officer, r14_officer, west_hartford, region_14):
    with pytest.raises(PermissionDenied):
        legal_hold_place(district=west_hartford, reason="r", person=officer, by=r14_officer)
    batch = DisposalBatch.objects.create(district=west_hartford, listed_at=timezone.now())
    with pytest.raises(PermissionDenied):
        disposal.disposal_approve(batch=batch, by=r14_officer, expected_count=0)
    package = RecordsPackage(district=west_hartford, status=PackageStatus.READY)  # asked before anything else
    with pytest.raises(PermissionDenied):
        package_download(package=package, by=r14_officer)
    assert may_purge_roster(officer, west_hartford) and may_purge_roster(officer)
    assert not may_purge_roster(r14_officer, west_hartford)


def test_the_rules_say_what_state_a_list_and_a_package_are_in(officer, west_hartford):
    now = timezone.now()
    assert rules.disposal_waiting(DisposalBatch(district=west_hartford, status=DisposalStatus.LISTED))
    assert not rules.disposal_waiting(DisposalBatch(district=west_hartford, status=DisposalStatus.APPROVED))
    expired = RecordsPackage(status=PackageStatus.EXPIRED)
    past = RecordsPackage(status=PackageStatus.READY, expires_at=now - datetime.timedelta(minutes=1))
    ready = RecordsPackage(status=PackageStatus.READY, expires_at=now + datetime.timedelta(days=1))
    assert rules.package_expired(expired, now) and rules.package_expired(past, now)
    assert not rules.package_expired(ready, now)
