import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.db import connection, transaction

from policyportal.celery import app as celery_app
from policyportal.models import EmailStatus, Notification
from policyportal.notifications import notify
from policyportal.tasks import deliver_notification_email, deliver_pending_emails
from tests import factories
from tests.conftest import need


def send(recipient) -> Notification:
    return notify(recipient=recipient, kind="test", title="A request waits for you", link="/inbox/", email=True)


def test_the_email_goes_out_only_after_commit_with_a_working_link(employee, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notification = send(employee)
        assert mail.outbox == []
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[Policy Portal] A request waits for you"
    assert f"{settings.PORTAL_BASE_URL}/inbox/" in message.body
    assert f'href="{settings.PORTAL_BASE_URL}/inbox/"' in message.alternatives[0][0]
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_rolled_back_change_sends_no_email(employee, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        send(employee)
        raise RuntimeError("the state change failed")
    assert mail.outbox == []
    assert not Notification.objects.filter(kind="test").exists()


def test_a_repeated_delivery_task_sends_the_email_once(employee):
    notification = send(employee)
    assert deliver_notification_email(notification.pk) is True
    assert deliver_notification_email(notification.pk) is False
    assert len(mail.outbox) == 1


def redis_available() -> bool:
    if not settings.REDIS_URL:
        return False
    try:
        return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError:
        return False


@pytest.fixture(scope="module")
def redis_worker():
    """One real worker for this module, consuming a queue of this run's own through Redis."""
    need("Redis", redis_available(), "set REDIS_URL to a running Redis")
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = f"test-{uuid.uuid4().hex}"
    with start_worker(celery_app, perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker
    celery_app.conf.task_default_queue = previous


@pytest.fixture
def real_broker(redis_worker):
    """Tasks go through Redis to the worker instead of running in-process."""
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = True


@pytest.mark.django_db(transaction=True)
def test_a_task_enqueued_on_commit_runs_on_a_real_worker_through_redis(employee, real_broker):
    with transaction.atomic():
        notification = send(employee)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not Notification.objects.get(pk=notification.pk).emailed_at:
        time.sleep(0.1)
    assert Notification.objects.get(pk=notification.pk).emailed_at is not None
    assert [message.to for message in mail.outbox] == [[employee.email]]


APPROVE_WITH_BROKER_DOWN = """
from requests.models import SocialMediaRequest
from requests import services
req = SocialMediaRequest.objects.get(pk={pk})
services.request_decide(request=req, by=req.current_decider, outcome="approved", reason="",
                        expected_version=req.version, snapshot_hash=req.snapshot_hash)
print("approved")
"""


@pytest.mark.django_db(transaction=True)
def test_with_redis_unreachable_an_approval_commits_and_the_next_sweep_delivers_it(
    postgres, r14_employee, r14_supervisor, real_broker
):
    """The approval runs in another process whose broker is a closed port, as if Redis were down."""
    req = factories.submitted_request(requester=r14_employee)
    database = connection.settings_dict
    environment = {
        **{name: value for name, value in os.environ.items() if name in {"PATH", "HOME", "LANG"}},
        "DJANGO_SETTINGS_MODULE": "policyportal.settings",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_HTTPS": "0",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "EMAIL_URL": "dummymail://",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", APPROVE_WITH_BROKER_DOWN.format(pk=req.pk)],
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "approved" in result.stdout, result.stderr
    req.refresh_from_db()
    assert req.status == "approved"
    waiting = Notification.objects.get(recipient=r14_employee, kind="request.approved")
    assert waiting.email_status == EmailStatus.PENDING

    deliver_pending_emails.delay()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and Notification.objects.get(pk=waiting.pk).email_status != "sent":
        time.sleep(0.1)
    assert Notification.objects.get(pk=waiting.pk).email_status == EmailStatus.SENT
    assert r14_employee.email in [message.to[0] for message in mail.outbox]
