import time
import uuid

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.db import transaction

from policyportal.celery import app as celery_app
from policyportal.models import Notification
from policyportal.notifications import notify
from policyportal.tasks import deliver_notification_email
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


@pytest.fixture
def real_broker():
    """Tasks go through Redis instead of running in-process, on a queue of this test's own."""
    need("Redis", redis_available(), "set REDIS_URL to a running Redis")
    previous = {name: celery_app.conf[name] for name in ("task_always_eager", "task_default_queue")}
    celery_app.conf.update(task_always_eager=False, task_default_queue=f"test-{uuid.uuid4().hex}")
    yield
    celery_app.conf.update(previous)


@pytest.mark.django_db(transaction=True)
def test_a_task_enqueued_on_commit_runs_on_a_real_worker_through_redis(employee, real_broker):
    with start_worker(celery_app, perform_ping_check=False, shutdown_timeout=10):
        with transaction.atomic():
            notification = send(employee)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not Notification.objects.get(pk=notification.pk).emailed_at:
            time.sleep(0.1)
    assert Notification.objects.get(pk=notification.pk).emailed_at is not None
    assert [message.to for message in mail.outbox] == [[employee.email]]
