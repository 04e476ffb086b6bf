"""`person_deactivate` refused as a whole when its open work changed while the administrator was choosing where
it goes, or when an item is sent where it may not go: the account stays open and nothing is handed on or
recorded."""

import pytest
from django.core.exceptions import PermissionDenied

from audits.models import AuditEvent
from policyportal import handover as open_work
from policyportal.models import Role
from policyportal.services import people
from requests.models import Status
from sites import services as site_services
from tests import factories


@pytest.fixture
def site(employee, supervisor, admin):
    """An active West Hartford site owned by the employee, supervised by the supervisor."""
    return factories.active_site(requester=employee)


@pytest.fixture
def colleague(west_hartford, supervisor):
    return factories.user(district=west_hartford, username="colleague", supervisor=supervisor)


@pytest.fixture
def other_supervisor(west_hartford, admin):
    return factories.user(district=west_hartford, role=Role.SUPERVISOR, username="othersup", supervisor=admin)


@pytest.fixture
def second_admin(west_hartford):
    return factories.user(district=west_hartford, role=Role.DISTRICT_ADMIN, username="second")


def deactivated(person) -> bool:
    return AuditEvent.objects.filter(action="user.deactivated", target_type="user", target_id=str(person.pk)).exists()


def stored(record, *fields: str) -> dict:
    return type(record).objects.filter(pk=record.pk).values(*fields).get()


def refused_whole(call, person, key: str, match: str, exception=people.HandoverRefused, **records):
    """`call` raises `exception`, naming `key` (an item's key) with `match`; `person` stays active; each of
    `records` (record -> its fields) is stored as before; no event at all is recorded."""
    before = {record: stored(record, *fields) for record, fields in records.values()}
    total = AuditEvent.objects.count()
    with pytest.raises(exception, match=None if exception is people.HandoverRefused else match) as refusal:
        call()
    if exception is people.HandoverRefused:
        assert key in refusal.value.message_dict, refusal.value.message_dict
        assert any(match in message for message in refusal.value.message_dict[key]), refusal.value.message_dict
    person.refresh_from_db()
    assert person.is_active
    assert not deactivated(person)
    assert AuditEvent.objects.count() == total
    for record, fields in records.values():
        assert stored(record, *fields) == before[record]


def stale(monkeypatch, plan: open_work.Plan) -> None:
    """The plan `person_deactivate` works from is `plan`, read before a change another administrator commits
    (the listers read without locks: a change committed between the plan and the hand-on is this race)."""
    monkeypatch.setattr(open_work, "plan_for", lambda person, by=None: plan)


# Changed while the administrator was choosing


def test_a_site_another_administrator_gave_another_supervisor_meanwhile_refuses_the_whole_closing(
    monkeypatch, site, employee, supervisor, other_supervisor, admin, second_admin
):
    key = f"sites.supervised:{site.pk}"
    plan = open_work.plan_for(supervisor, admin)
    assert key in plan.keys
    site_services.site_supervisor_change(site=site, by=second_admin, to=other_supervisor, expected_version=site.version)
    stale(monkeypatch, plan)
    refused_whole(
        lambda: people.person_deactivate(person=supervisor, by=admin, handover={key: admin}),
        supervisor,
        key,
        "changed while you were choosing",
        site=(site, ("supervisor", "version")),
        employee=(employee, ("supervisor", "is_active")),
    )
    site.refresh_from_db()
    assert site.supervisor == other_supervisor


def test_a_request_decided_meanwhile_refuses_the_whole_closing(monkeypatch, employee, supervisor, admin):
    request = factories.submitted_request(requester=employee)
    assert (request.status, request.current_decider) == (Status.PENDING, supervisor)
    key = f"requests.deciding:{request.pk}"
    plan = open_work.plan_for(supervisor, admin)
    assert key in plan.keys
    factories.decide(request, supervisor)
    assert request.current_decider != supervisor
    stale(monkeypatch, plan)
    refused_whole(
        lambda: people.person_deactivate(person=supervisor, by=admin),
        supervisor,
        key,
        "changed while you were choosing",
        request=(request, ("status", "current_step", "current_decider", "version")),
        employee=(employee, ("supervisor", "is_active")),
    )


def test_an_offer_accepted_meanwhile_refuses_the_whole_closing(monkeypatch, site, employee, colleague, admin):
    site_services.site_transfer_offer(site=site, by=employee, to=colleague, expected_version=site.version)
    key = f"sites.offered:{site.pk}"
    plan = open_work.plan_for(colleague, admin)
    assert key in plan.keys
    site_services.site_transfer_accept(site=site, by=colleague, expected_version=factories.version_of(site))
    stale(monkeypatch, plan)
    refused_whole(
        lambda: people.person_deactivate(person=colleague, by=admin),
        colleague,
        key,
        "changed while you were choosing",
        site=(site, ("owner", "transfer_to", "status", "version")),
    )
    site.refresh_from_db()
    assert (site.owner, site.transfer_to) == (colleague, None)


def test_a_supervisor_chosen_who_lost_the_role_meanwhile_refuses_the_whole_closing(
    site, supervisor, other_supervisor, admin, second_admin
):
    key = f"sites.supervised:{site.pk}"
    plan = open_work.plan_for(supervisor, admin)
    assert str(other_supervisor.pk) in dict(next(item for item in plan.items if item.key == key).choices)
    people.person_update(person=other_supervisor, by=second_admin, values={"role": Role.EMPLOYEE})
    refused_whole(
        lambda: people.person_deactivate(person=supervisor, by=admin, handover={key: other_supervisor}),
        supervisor,
        key,
        "active supervisor or administrator",
        site=(site, ("supervisor", "version")),
    )


def test_a_colleague_chosen_whose_account_closed_meanwhile_refuses_the_whole_closing(
    site, employee, colleague, admin, second_admin
):
    key = f"sites.owned:{site.pk}"
    plan = open_work.plan_for(employee, admin)
    assert str(colleague.pk) in dict(next(item for item in plan.items if item.key == key).choices)
    people.person_deactivate(person=colleague, by=second_admin)
    refused_whole(
        lambda: people.person_deactivate(person=employee, by=admin, handover={key: colleague}),
        employee,
        key,
        "another employee of your district",
        site=(site, ("owner", "transfer_to", "status", "version")),
    )


def test_a_choice_for_a_site_another_administrator_took_over_meanwhile_refuses_the_whole_closing(
    site, supervisor, other_supervisor, admin, second_admin
):
    key = f"sites.supervised:{site.pk}"
    assert key in open_work.plan_for(supervisor, admin).keys
    site_services.site_supervisor_change(site=site, by=second_admin, to=other_supervisor, expected_version=site.version)
    refused_whole(
        lambda: people.person_deactivate(person=supervisor, by=admin, handover={key: admin}),
        supervisor,
        key,
        "changed while you were choosing",
        site=(site, ("supervisor", "version")),
    )


# Sent where it may not go


def test_a_person_of_another_district_is_refused_as_a_destination(site, supervisor, employee, admin, r14_supervisor):
    for key in (f"sites.supervised:{site.pk}", f"people.supervisees:{employee.pk}"):
        refused_whole(
            lambda key=key: people.person_deactivate(person=supervisor, by=admin, handover={key: r14_supervisor}),
            supervisor,
            key,
            "choose where it goes",
            site=(site, ("supervisor", "version")),
            employee=(employee, ("supervisor", "is_active")),
        )


def test_a_person_of_another_district_named_by_id_is_refused(site, supervisor, admin, r14_admin):
    key = f"sites.supervised:{site.pk}"
    refused_whole(
        lambda: people.person_deactivate(person=supervisor, by=admin, handover={key: str(r14_admin.pk)}),
        supervisor,
        key,
        "choose where it goes",
        site=(site, ("supervisor", "version")),
    )


def test_a_colleague_not_offered_for_a_site_they_may_not_supervise_is_refused(
    site, supervisor, employee, colleague, admin
):
    key = f"sites.supervised:{site.pk}"
    plan = open_work.plan_for(supervisor, admin)
    item = next(item for item in plan.items if item.key == key)
    for to in (colleague, employee):
        assert str(to.pk) not in dict(item.choices)
        refused_whole(
            lambda to=to: people.person_deactivate(person=supervisor, by=admin, handover={key: to}),
            supervisor,
            key,
            "active supervisor or administrator",
            site=(site, ("supervisor", "version")),
            employee=(employee, ("supervisor", "is_active")),
        )


def test_an_action_the_item_does_not_offer_is_refused(site, supervisor, admin):
    key = f"sites.supervised:{site.pk}"
    refused_whole(
        lambda: people.person_deactivate(person=supervisor, by=admin, handover={key: "suspend"}),
        supervisor,
        key,
        "choose where it goes",
        site=(site, ("supervisor", "status", "version")),
    )


def test_a_person_for_an_offer_waiting_for_the_leaver_is_refused(site, employee, colleague, supervisor, admin):
    site_services.site_transfer_offer(site=site, by=employee, to=colleague, expected_version=site.version)
    key = f"sites.offered:{site.pk}"
    refused_whole(
        lambda: people.person_deactivate(person=colleague, by=admin, handover={key: supervisor}),
        colleague,
        key,
        "choose where it goes",
        site=(site, ("owner", "transfer_to", "version")),
    )


def test_an_administrator_of_another_district_closes_no_account(site, supervisor, r14_admin):
    refused_whole(
        lambda: people.person_deactivate(person=supervisor, by=r14_admin),
        supervisor,
        "",
        "Only a district administrator of this district",
        exception=PermissionDenied,
        site=(site, ("supervisor", "version")),
    )
