"""The district-account sign-in under django-axes' pause, against the real provider on loopback (issue 15's
remnants): refusals count toward the pause like wrong passwords, a paused name is neither signed in nor recorded
again, and the login says how the person signed in."""

from datetime import timedelta

import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from policyportal.models import SignInFailureKind, SignInFailureTally
from policyportal.services.sign_in_failures import summarise_sign_in_failures
from tests.oidc_support import through_provider
from tests.policyportal import test_oidc_sign_in as sign_in_tests
from tests.policyportal.test_oidc_sign_in import PORTAL, refusals, sign_in, start

# The real provider and West Hartford set up to use it, as the sign-in tests have them.
provider, idp, ann = sign_in_tests.provider, sign_in_tests.idp, sign_in_tests.ann

HOUR = timezone.now().replace(minute=10, second=0, microsecond=0)
BOB = "bob@wh.example"  # the provider knows him; the portal has no account for him


def test_a_district_account_sign_in_is_recorded_with_its_method_and_provider(client, idp, ann, provider):
    assert sign_in(client, "ann@wh.example").status_code == 302
    login = AuditEvent.objects.get(action="auth.login")
    assert login.payload == {"method": "district_account", "provider": provider.issuer}


def test_refusals_count_toward_the_pause_and_a_paused_name_is_counted_not_recorded(client, idp):
    statuses = [sign_in(client, BOB).status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses == [403] * (settings.AXES_FAILURE_LIMIT - 1) + [429], "the last try's refusal starts the pause"
    assert len(refusals("unknown_person")) == settings.AXES_FAILURE_LIMIT
    written = AuditEvent.objects.count()

    paused = sign_in(client, BOB)
    assert paused.status_code == 429
    assert "Sign-in is paused" in paused.content.decode()
    assert AuditEvent.objects.count() == written
    assert SignInFailureTally.objects.get(kind=SignInFailureKind.LOCKED_OUT).count == 1


def test_a_person_paused_after_wrong_passwords_is_not_signed_in_through_the_provider(client, idp, ann):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "Ann", "password": "not-the-password"})
    written = AuditEvent.objects.count()

    response = sign_in(client, "ann@wh.example")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert not AuditEvent.objects.filter(action="auth.login").exists()
    assert AuditEvent.objects.count() == written


def test_refusals_without_a_name_pause_the_address_for_them_alone(client, idp, ann):
    def another_state():
        callback = through_provider(start(client), portal_prefix=PORTAL, login="ann@wh.example")
        return client.get(callback.removeprefix(PORTAL).replace("state=", "state=x")).status_code

    statuses = [another_state() for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert statuses == [400] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert another_state() == 429
    assert len(refusals("state_mismatch")) == settings.AXES_FAILURE_LIMIT
    assert sign_in(client, "ann@wh.example").status_code == 302, "Ann's own name is not paused"


def test_provider_answers_to_sign_ins_nobody_started_are_only_counted_then_summarised(client, db):
    with time_machine.travel(HOUR, tick=False):
        for number in range(30):
            response = client.get(reverse("oidc_callback"), {"state": f"made-up-{number}"}, REMOTE_ADDR="192.0.2.10")
            assert response.status_code == 400
    assert not AuditEvent.objects.filter(action__startswith="auth.").exists()
    with time_machine.travel(HOUR + timedelta(hours=1), tick=False):
        assert summarise_sign_in_failures() == 1
    assert AuditEvent.objects.get(action="auth.sign_in_failures").payload["no_sign_in_started"] == 30
