from django.urls import reverse

from audits.models import AuditEvent


def test_the_admin_lists_events_and_sites_to_staff_but_changes_nothing(client, admin):
    type(admin).objects.filter(pk=admin.pk).update(is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(reverse("admin:audits_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:groupsites_site_changelist")).status_code == 200
    event = AuditEvent.objects.first()
    assert client.get(reverse("admin:audits_auditevent_add")).status_code == 403
    assert client.post(reverse("admin:audits_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_district_staff_who_are_not_admin_staff_never_reach_it(client, admin):
    client.force_login(admin)
    response = client.get(reverse("admin:audits_auditevent_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url
