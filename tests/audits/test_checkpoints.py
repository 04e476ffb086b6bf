"""Signed checkpoints catch what the hash chain alone cannot: a database owner who lifts the triggers can delete the
newest event, append a backdated forgery with a correct hash, or edit an event and rehash every later one, and
`verify_audit_chain` still says intact; with `--checkpoints` it names each."""

import io
import json
import re
import stat
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from cryptography.hazmat.primitives import serialization
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from audits import chain, checkpoints
from audits.models import AuditEvent
from audits.recorder import record
from policyportal import outbox, tasks
from policyportal.models import EmailStatus, Notification
from tests.audits.helpers import sql, triggers_lifted


@pytest.fixture
def folder(settings, tmp_path):
    """A key and a checkpoint folder of the test's own, as the deployment's environment would name them."""
    key = tmp_path / "checkpoint-key.pem"
    checkpoints.generate_key_file(key)
    settings.AUDIT_CHECKPOINT_KEY_FILE = str(key)
    settings.AUDIT_CHECKPOINT_DIR = str(tmp_path / "checkpoints")
    return tmp_path / "checkpoints"


@pytest.fixture
def signed(folder, admin, west_hartford):
    """Five more events in West Hartford's chain, then the hourly checkpoint; returns the signed head's sequence."""
    for number in range(5):
        record(action="test.recorded", actor=admin, target=admin, payload={"n": number})
    code, output = run("audit_checkpoint")
    assert code == 0, output
    return AuditEvent.objects.filter(district=west_hartford).order_by("-sequence").values_list("sequence").first()[0]


def run(command: str, *args) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(command, *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return exit_.code, err.getvalue()
    return 0, out.getvalue()


def verify_with_checkpoints(folder) -> tuple[int, str]:
    return run("verify_audit_chain", "--checkpoints", str(folder))


def delete_newest(district) -> None:
    newest = AuditEvent.objects.filter(district=district).order_by("-sequence").first()
    with triggers_lifted():
        sql("DELETE FROM audits_auditevent WHERE id = %s", [newest.pk])


def append_backdated_forgery(district) -> None:
    """An approval that 'happened' yesterday, linked and hashed exactly as the recorder would."""
    yesterday = AuditEvent.objects.filter(district=district).order_by("-sequence").first().occurred_at - timedelta(1)
    with transaction.atomic():
        chain.append(
            AuditEvent,
            district_id=district.pk,
            occurred_at=yesterday,
            actor_id=None,
            actor_name="Superintendent",
            action="request.approved",
            target_type="socialmediarequest",
            target_id="1",
            target_label="A site nobody approved",
            payload={},
            client_ip=None,
        )


def edit_and_rehash(district) -> None:
    """Changes who did the third event, then recomputes that event's hash and every later one's."""
    events = list(AuditEvent.objects.filter(district=district).order_by("sequence"))
    prev_hash = events[2].prev_hash
    with triggers_lifted():
        for event in events[2:]:
            actor_name = "Somebody Else" if event.sequence == events[2].sequence else event.actor_name
            canonical = chain.canonical_fields(
                district_id=district.pk,
                sequence=event.sequence,
                occurred_at=event.occurred_at,
                actor_id=event.actor_id,
                actor_name=actor_name,
                action=event.action,
                target_type=event.target_type,
                target_id=event.target_id,
                target_label=event.target_label,
                payload=event.payload,
                client_ip=event.client_ip,
            )
            digest = chain.compute_hash(prev_hash, canonical)
            sql(
                "UPDATE audits_auditevent SET actor_name = %s, prev_hash = %s, hash = %s WHERE id = %s",
                [actor_name, prev_hash, digest, event.pk],
            )
            prev_hash = digest


@pytest.mark.parametrize(
    ("rewrite", "found"),
    [
        (delete_newest, r"event {head}, signed as the head on .*, is gone"),
        (
            append_backdated_forgery,
            r"event {next} is dated before the checkpoint of .*, which ends the chain at event {head}",
        ),
        (edit_and_rehash, r"event {head} is not the one signed on .*: the chain was rewritten"),
    ],
    ids=["deleted newest event", "appended forgery", "rehashed chain"],
)
def test_each_rewrite_passes_the_chain_alone_and_is_caught_by_the_checkpoints(
    signed, folder, west_hartford, rewrite, found
):
    rewrite(west_hartford)
    assert run("verify_audit_chain")[0] == 0, "the chain alone cannot tell: this is what checkpoints are for"
    code, message = verify_with_checkpoints(folder)
    assert code == 1
    assert message.startswith("TAMPERED: district west-hartford: ")
    assert re.search(found.format(head=signed, next=signed + 1), message), message


def test_the_checkpoint_is_a_read_only_file_per_chain_signed_by_the_portals_key(signed, folder, west_hartford):
    path = folder / "west-hartford" / f"{signed:012d}.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    checkpoint = checkpoints.Checkpoint(**json.loads(path.read_text()))
    assert (checkpoint.chain, checkpoint.district, checkpoint.sequence) == ("west-hartford", west_hartford.pk, signed)
    assert checkpoint.signed_by(checkpoints.public_key())
    assert not checkpoints.Checkpoint(**{**json.loads(path.read_text()), "sequence": signed + 1}).signed_by(
        checkpoints.public_key()
    ), "the signature covers the signed fields"
    assert verify_with_checkpoints(folder)[0] == 0


def test_an_unchanged_head_is_not_signed_again_and_new_events_are_signed_and_pass(signed, folder, admin):
    assert run("audit_checkpoint") == (0, "")
    record(action="test.recorded", actor=admin, target=admin)
    code, output = run("audit_checkpoint")
    assert code == 0
    assert f"west-hartford: signed event {signed + 1}, head " in output
    assert sorted(path.name for path in (folder / "west-hartford").iterdir())[-2:] == [
        f"{signed:012d}.json",
        f"{signed + 1:012d}.json",
    ]
    record(action="test.recorded", actor=admin, target=admin)
    assert verify_with_checkpoints(folder)[0] == 0, "an event after the last checkpoint, dated after it, is no forgery"


def test_a_checkpoint_signed_with_another_key_is_refused(signed, folder, tmp_path, settings):
    other = tmp_path / "other-key.pem"
    checkpoints.generate_key_file(other)
    settings.AUDIT_CHECKPOINT_KEY_FILE = str(other)
    code, message = verify_with_checkpoints(folder)
    assert code == 1
    assert f"the checkpoint at event {signed} is not signed by the portal's key" in message


def test_a_chain_that_disagrees_with_its_checkpoint_is_never_signed_again(signed, folder, west_hartford):
    edit_and_rehash(west_hartford)
    record(action="test.recorded", district=west_hartford)
    code, message = run("audit_checkpoint")
    assert code == 1
    assert "TAMPERED: district west-hartford: event" in message and "Not signed." in message
    assert not (folder / "west-hartford" / f"{signed + 1:012d}.json").exists()


def test_the_hourly_task_signs_and_the_administrators_get_the_checkpoint_by_email(
    folder, admin, west_hartford, django_capture_on_commit_callbacks
):
    record(action="test.recorded", actor=admin, target=admin)
    assert tasks.write_audit_checkpoints() >= 1
    head = AuditEvent.objects.filter(district=west_hartford).order_by("-sequence").first()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_daily_digests()
    [message] = [message for message in mail.outbox if message.to == [admin.email]]
    assert f"Audit trail checkpoint of {west_hartford.name}: event {head.sequence}" in message.subject
    assert head.hash in message.body
    assert f"Last event sealed:  {head.sequence}" in message.body
    assert f"Sealed on:          {west_hartford.today():%B %-d, %Y} at " in message.body
    assert "Open it in the Policy Portal: http" in message.body
    assert not Notification.objects.filter(recipient=admin, kind="audit.checkpoint", read_at=None).exists()


def test_a_checkpoint_email_the_mail_server_refused_is_mailed_by_the_next_sweep(folder, admin, west_hartford):
    record(action="test.recorded", actor=admin, target=admin)
    tasks.write_audit_checkpoints()
    mail.outbox.clear()
    tasks.send_daily_digests()
    copy = Notification.objects.get(recipient=admin, kind="audit.checkpoint")
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionRefusedError("smtp down")):
        assert outbox.deliver(copy.pk) is False  # the worker's first attempt, refused by the mail server
    copy.refresh_from_db()
    assert (copy.email_status, copy.email_error) == (EmailStatus.PENDING, "ConnectionRefusedError: smtp down")
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert tasks.deliver_pending_emails() >= 1
    copy.refresh_from_db()
    assert copy.email_status == EmailStatus.SENT
    [message] = [message for message in mail.outbox if message.to == [admin.email]]
    assert "Audit trail checkpoint of" in message.subject


def test_an_auditor_verifies_with_the_public_key_alone(signed, folder, tmp_path, settings, west_hartford):
    public = tmp_path / "checkpoint-public.pem"
    public.write_bytes(
        checkpoints.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    settings.AUDIT_CHECKPOINT_KEY_FILE = str(public)
    assert verify_with_checkpoints(folder)[0] == 0
    delete_newest(west_hartford)
    assert verify_with_checkpoints(folder)[0] == 1
