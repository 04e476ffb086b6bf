"""Requests the portal will not read answer with a clear page in its layout, never a 500, and change nothing."""

import uuid

import pytest
from django.urls import reverse

from audits.models import AuditEvent
from policyportal.models import PolicyVersion


def test_a_form_over_the_upload_limit_gets_a_page_saying_what_was_too_big(client, admin, settings):
    client.force_login(admin)
    before = AuditEvent.objects.count()
    response = client.post(reverse("policy_edit"), {"form-0-text": "x" * (5 * 1024 * 1024)})
    assert response.status_code == 413
    page = response.content.decode()
    assert "What you sent is too large" in page
    assert "The form you sent is larger than 2.5 MB" in page
    assert 'href="/inbox/"' in page, "the portal's own layout, with its navigation"
    assert AuditEvent.objects.count() == before


def test_a_form_with_too_many_fields_gets_the_same_page(client, admin, settings):
    client.force_login(admin)
    fields = {f"field{number}": "x" for number in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(reverse("policy_edit"), fields)
    assert response.status_code == 413
    assert f"more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} fields" in response.content.decode()


@pytest.mark.parametrize("based_on", ["abc", "²", "-1", "99999999999999999999"])
def test_publishing_rules_from_a_page_that_names_no_version_is_refused(client, admin, west_hartford, based_on):
    client.force_login(admin)
    current = PolicyVersion.objects.filter(district=west_hartford).count()
    data = {
        "based_on": based_on,
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "0",
        "form-0-applies_to": "site_review",
        "form-0-clause_id": "WH-D2",
        "form-0-text": "The group is closed.",
        "form-1-applies_to": "violation_category",
        "form-1-clause_id": "WH-D2",
        "form-1-key": "not_closed",
        "form-1-text": "The group is not closed.",
        "form-2-applies_to": "violation_outcome",
        "form-2-clause_id": "WH-X1",
        "form-2-key": "discipline",
        "form-2-text": "Referred for discipline.",
        "form_token": str(uuid.uuid4()),
    }
    response = client.post(reverse("policy_edit"), data)
    assert response.status_code == 200
    assert "Nothing was published" in response.content.decode()
    assert PolicyVersion.objects.filter(district=west_hartford).count() == current


def test_a_username_over_255_characters_is_refused_like_any_wrong_sign_in(client, employee):
    response = client.post(reverse("login"), {"username": "u" * 300, "password": "whatever-it-is"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "do not match an account" in response.content.decode()
