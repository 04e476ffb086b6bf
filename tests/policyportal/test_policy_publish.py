import uuid

import pytest
from django.urls import reverse

from audits.models import AuditEvent
from policyportal.models import AppliesTo, PolicyVersion
from sites import services as site_services
from tests import factories


def formset_data(version, change=None) -> dict:
    items = list(version.items.all())
    data = {
        "form-TOTAL_FORMS": str(len(items)),
        "form-INITIAL_FORMS": str(len(items)),
        "form-MAX_NUM_FORMS": "200",
        "based_on": str(version.number),
        "form_token": str(uuid.uuid4()),  # the page as just loaded
    }
    for number, item in enumerate(items):
        data.update(
            {
                f"form-{number}-applies_to": item.applies_to,
                f"form-{number}-clause_id": item.clause_id,
                f"form-{number}-key": item.key,
                f"form-{number}-text": item.text,
                f"form-{number}-guidance": item.guidance,
            }
        )
    data.update(change or {})
    return data


@pytest.fixture
def version(west_hartford):
    return PolicyVersion.objects.get(district=west_hartford, number=1)


def test_an_administrator_publishes_a_new_version_that_new_reviews_use(client, admin, version, employee, supervisor):
    site = factories.active_site(requester=employee)
    old_review = site_services.review_start(site=site, by=supervisor)
    items = list(version.items.all())
    reworded = next(n for n, item in enumerate(items) if item.applies_to == AppliesTo.SITE_REVIEW)
    client.force_login(admin)
    response = client.post(
        reverse("policy_edit"),
        formset_data(
            version,
            {f"form-{reworded}-text": "The group is private and every post is approved first.", "form-0-DELETE": "on"},
        ),
    )
    assert response.url == reverse("policy")
    new = PolicyVersion.objects.get(district=version.district, number=2)
    assert new.published_by == admin
    assert new.items.count() == len(items) - 1
    assert AuditEvent.objects.filter(action="policy.published", target_id=str(new.pk)).exists()
    assert old_review.answers.filter(text=items[reworded].text).exists()
    site_services.review_complete(review=old_review, by=supervisor, answers=factories.all_pass(old_review))
    new_review = site_services.review_start(site=site, by=supervisor)
    assert new_review.answers.filter(text="The group is private and every post is approved first.").exists()


@pytest.mark.parametrize("clause_id", ["D4", "wh-d4", "WH D4", "WH-"])
def test_a_malformed_clause_id_is_refused_and_publishes_nothing(client, admin, version, clause_id):
    client.force_login(admin)
    response = client.post(reverse("policy_edit"), formset_data(version, {"form-0-clause_id": clause_id}))
    assert "the regulation&#x27;s letters, a dash, then the clause" in response.content.decode()
    assert not PolicyVersion.objects.filter(number=2).exists()


def test_publishing_is_for_administrators_only(client, supervisor, version):
    client.force_login(supervisor)
    assert client.post(reverse("policy_edit"), formset_data(version)).status_code == 403
    assert not PolicyVersion.objects.filter(number=2).exists()


def test_publishing_from_a_stale_page_is_refused_and_does_not_undo_the_newer_version(client, admin, version):
    client.force_login(admin)
    client.post(reverse("policy_edit"), formset_data(version, {"form-0-text": "Newer wording"}))
    response = client.post(reverse("policy_edit"), formset_data(version, {"form-1-text": "Older tab"}), follow=True)
    assert "Version 2 was published while you edited version 1" in response.content.decode()
    assert not PolicyVersion.objects.filter(number=3).exists()


def test_a_version_without_site_review_items_is_refused(client, admin, version):
    client.force_login(admin)
    removals = {
        f"form-{n}-DELETE": "on"
        for n, item in enumerate(version.items.all())
        if item.applies_to == AppliesTo.SITE_REVIEW
    }
    response = client.post(reverse("policy_edit"), formset_data(version, removals), follow=True)
    assert "at least one site-review item" in response.content.decode()
    assert not PolicyVersion.objects.filter(number=2).exists()


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        (AppliesTo.VIOLATION_CATEGORY, "at least one violation category"),
        (AppliesTo.VIOLATION_OUTCOME, "at least one violation outcome"),
    ],
)
def test_a_version_without_violation_categories_or_outcomes_is_refused(client, admin, version, kind, message):
    client.force_login(admin)
    removals = {f"form-{n}-DELETE": "on" for n, item in enumerate(version.items.all()) if item.applies_to == kind}
    response = client.post(reverse("policy_edit"), formset_data(version, removals), follow=True)
    assert message in response.content.decode()
    assert not PolicyVersion.objects.filter(district=version.district, number=2).exists()


@pytest.mark.parametrize(
    ("kind", "key", "message"),
    [
        (AppliesTo.POST_PRECHECK, "", "Give the code of the pre-check rule"),
        (
            AppliesTo.SITE_REVIEW,
            "profanity_on_district_site",
            "Only pre-check rules, violation categories and outcomes",
        ),
    ],
)
def test_a_code_is_given_for_pre_check_rules_and_only_for_them(client, admin, version, kind, key, message):
    number = next(n for n, item in enumerate(version.items.all()) if item.applies_to == kind)
    client.force_login(admin)
    response = client.post(reverse("policy_edit"), formset_data(version, {f"form-{number}-key": key}))
    assert response.status_code == 200 and message in response.content.decode()
    assert not PolicyVersion.objects.filter(district=version.district, number=2).exists()


def precheck_rules_of(version) -> list[tuple[str, str]]:
    return sorted(version.items.filter(applies_to=AppliesTo.POST_PRECHECK).values_list("key", "clause_id"))


def test_a_published_version_keeps_the_pre_check_rules_and_their_codes(client, admin, version):
    client.force_login(admin)
    client.post(reverse("policy_edit"), formset_data(version))
    new = PolicyVersion.objects.get(district=version.district, number=2)
    assert precheck_rules_of(new) == precheck_rules_of(version)
    assert ("link_off_district_site", "WH-D9") in precheck_rules_of(new)


def test_the_service_itself_refuses_a_non_administrator(supervisor, version):
    from django.core.exceptions import PermissionDenied

    from policyportal import services

    items = [{"applies_to": "site_review", "clause_id": "WH-D2", "text": "x", "guidance": ""}]
    with pytest.raises(PermissionDenied):
        services.policy_publish(district=version.district, by=supervisor, items=items, based_on=1)
