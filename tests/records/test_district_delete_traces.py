"""district_delete leaves nothing of the district's people in the sign-in machinery's own tables: their sessions,
expired ones too (a session keeps what was put in it, a roster preview's student names, until it is cleared),
and the password-reset requests for their addresses however their case was written."""

import datetime
import io

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from policyportal.models import PasswordResetRequest

pytestmark = pytest.mark.django_db


def session_of(user, *, expired: bool) -> str:
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["roster_import"] = {"content": "student_id,first_name,last_name\n1,Zoe,Quokka", "mode": "replace"}
    session.create()
    if expired:
        gone = timezone.now() - datetime.timedelta(minutes=1)
        Session.objects.filter(session_key=session.session_key).update(expire_date=gone)
    return session.session_key


def test_district_delete_removes_the_peoples_sessions_expired_or_not_and_no_one_elses(
    postgres, west_hartford, admin, employee, outsider, django_capture_on_commit_callbacks
):
    expired, current = session_of(admin, expired=True), session_of(employee, expired=False)
    other = session_of(outsider, expired=True)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("district_delete", "west-hartford", confirm="west-hartford", stdout=io.StringIO())
    assert not Session.objects.filter(session_key__in=[expired, current]).exists()
    assert Session.objects.filter(session_key=other).exists()


def test_district_delete_removes_reset_requests_for_the_peoples_addresses_in_any_case(
    postgres, west_hartford, employee, outsider, django_capture_on_commit_callbacks
):
    PasswordResetRequest.objects.bulk_create(
        [
            PasswordResetRequest(email=employee.email.upper()),
            PasswordResetRequest(email=employee.email.lower()),
            PasswordResetRequest(email=outsider.email.title()),
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("district_delete", "west-hartford", confirm="west-hartford", stdout=io.StringIO())
    assert list(PasswordResetRequest.objects.values_list("email", flat=True)) == [outsider.email.title()]
