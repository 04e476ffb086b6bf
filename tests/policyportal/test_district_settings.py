from django.urls import reverse

from audits.models import AuditEvent
from policyportal.models import District


def data(district, **changes):
    values = {
        "approval_chain": district.approval_chain,
        "monitoring_cadence_days": district.monitoring_cadence_days,
        "escalation_grace_days": district.escalation_grace_days,
        "review_cadence_days": district.review_cadence_days,
        "finding_due_days": district.finding_due_days,
        "decision_deadline_days": district.decision_deadline_days,
        "time_zone": district.time_zone,
        "staff_sync_leaver_limit_percent": district.staff_sync_leaver_limit_percent,
    }
    return {**values, **changes}


def test_an_administrator_changes_the_cadence_and_it_is_recorded(client, admin, west_hartford):
    client.force_login(admin)
    response = client.post(reverse("district_settings"), data(west_hartford, monitoring_cadence_days=3))
    assert response.url == reverse("district_settings")
    assert District.objects.get(pk=west_hartford.pk).monitoring_cadence_days == 3
    event = AuditEvent.objects.get(action="district.settings_changed")
    assert event.payload == {"monitoring_cadence_days": [7, 3]}


def test_bad_values_are_refused_and_change_nothing(client, admin, west_hartford):
    client.force_login(admin)
    refused = (
        {"monitoring_cadence_days": 0},
        {"time_zone": "Mars/Olympus"},
        {"approval_chain": "nobody"},
        {"staff_sync_leaver_limit_percent": 0},
        {"staff_sync_leaver_limit_percent": 101},
    )
    for bad in refused:
        response = client.post(reverse("district_settings"), data(west_hartford, **bad))
        assert response.status_code == 200
    assert District.objects.get(pk=west_hartford.pk).monitoring_cadence_days == 7
    assert not AuditEvent.objects.filter(action="district.settings_changed").exists()


def test_settings_are_for_administrators_only(client, supervisor, west_hartford):
    client.force_login(supervisor)
    assert client.post(reverse("district_settings"), data(west_hartford, monitoring_cadence_days=1)).status_code == 403


def test_the_directory_sync_leaver_limit_is_a_district_setting(client, admin, west_hartford):
    client.force_login(admin)
    client.post(reverse("district_settings"), data(west_hartford, staff_sync_leaver_limit_percent=25))
    assert District.objects.get(pk=west_hartford.pk).staff_sync_leaver_limit_percent == 25
    event = AuditEvent.objects.get(action="district.settings_changed")
    assert event.payload == {"staff_sync_leaver_limit_percent": [10, 25]}
