from django.db import migrations, models


def retired_when_the_trail_says(apps, schema_editor):
    """A site retired before this field existed gets the time of its `site.retired` audit event (the trail is
    the record of it); without one, the time it was made, so that its period can still be counted."""
    Site = apps.get_model("groupsites", "Site")
    AuditEvent = apps.get_model("audits", "AuditEvent")
    for site in Site.objects.filter(status="retired", retired_at__isnull=True):
        event = (
            AuditEvent.objects.filter(action="site.retired", target_type="site", target_id=str(site.pk))
            .order_by("-occurred_at")
            .first()
        )
        Site.objects.filter(pk=site.pk).update(retired_at=event.occurred_at if event else site.created_at)


class Migration(migrations.Migration):
    dependencies = [
        ("groupsites", "0013_review_outcome_words"),
        ("audits", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="site",
            name="retired_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(retired_when_the_trail_says, migrations.RunPython.noop),
    ]
