"""A roster purge leaves the purged names nowhere: not in the notifications about the questions it redacts (they
quoted the question and the answer's note), and not back on the list through an import previewed before it."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from policyportal.models import Notification
from policyportal.records.models import RetentionSchedule
from sites.personal.models import Consultation, ConsultationAnswer, DirectoryObjection
from sites.personal.services import consultations
from sites.personal.services.roster_purge import REMOVED, roster_purge
from tests import factories
from tests.records.test_disposal import _text_columns_holding

pytestmark = pytest.mark.django_db

HEADER = "student_id,first_name,last_name,preferred_name,school,grade\n"


@pytest.fixture
def hall(west_hartford):
    return factories.school(district=west_hartford, name="Hall High")


def test_the_purge_takes_the_names_from_the_notifications_about_the_questions_it_redacts(
    postgres, employee, supervisor, admin, officer, west_hartford, hall
):
    DirectoryObjection.objects.create(
        district=west_hartford,
        student_id="1001",
        first_name="Zoe",
        last_name="Quokkason",
        school=hall,
        imported_at=timezone.now(),
    )
    RetentionSchedule.objects.create(
        district=west_hartford, kind="consultations", starts="asked", years=2, changed_by=admin
    )
    question = consultations.consultation_ask(
        by=employee, text="Well done!", links="", site=None, findings=[], question="May I name Zoe Quokkason?"
    )
    consultations.consultation_answer(
        consultation=question, by=supervisor, answer=ConsultationAnswer.CHANGES, note="Leave out Quokkason, Zoe."
    )
    about = Notification.objects.filter(link=reverse("sites:consultation", args=[question.pk]))
    assert [body for body in about.values_list("body", flat=True) if "Quokkason" in body]
    Consultation.objects.filter(pk=question.pk).update(asked_at=timezone.now() - datetime.timedelta(days=3 * 366))

    roster_purge(district=west_hartford, reason="A parent's request", by=officer)

    assert _text_columns_holding("Quokkason") == []
    assert any(REMOVED in body for body in about.values_list("body", flat=True))


def _preview(client, content: str):
    upload = SimpleUploadedFile("roster.csv", content.encode(), "text/csv")
    return client.post(reverse("sites:roster_preview"), {"file": upload, "mode": "merge"})


def test_an_import_previewed_before_a_purge_is_refused_and_kept_nowhere(client, admin, officer, west_hartford, hall):
    client.force_login(admin)
    _preview(client, HEADER + "1001,Zoe,Quokkason,,Hall High,9\n")
    roster_purge(district=west_hartford, reason="A parent's request", by=officer)

    response = client.post(reverse("sites:roster_import"))

    [message] = [str(message) for message in get_messages(response.wsgi_request)]
    assert message.startswith("A records officer purged the list after this file was previewed")
    assert not DirectoryObjection.objects.exists()
    assert not AuditEvent.objects.filter(action="roster.imported").exists()
    assert "roster_import" not in client.session
    again = client.post(reverse("sites:roster_import"))  # the refused preview is not waiting any more
    *_, message = [str(message) for message in get_messages(again.wsgi_request)]
    assert message == "Nothing is waiting to be imported: upload the file again."


def test_an_import_previewed_after_a_purge_goes_through(client, admin, officer, west_hartford, hall):
    roster_purge(district=west_hartford, reason="A parent's request", by=officer)
    client.force_login(admin)
    _preview(client, HEADER + "1001,Zoe,Quokkason,,Hall High,9\n")

    response = client.post(reverse("sites:roster_import"))

    assert [str(message) for message in get_messages(response.wsgi_request)] == ["Imported 1 student."]
    assert DirectoryObjection.objects.filter(last_name="Quokkason").exists()
