from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_site_district(apps, schema_editor):
    """Reviews that exist take their site's district, as `review_start` gives every new one."""
    Site, SiteReview = apps.get_model("groupsites", "Site"), apps.get_model("groupsites", "SiteReview")
    SiteReview.objects.update(district_id=Subquery(Site.objects.filter(pk=OuterRef("site_id")).values("district_id")))


class Migration(migrations.Migration):
    dependencies = [
        ("groupsites", "0005_report_indexes"),
        ("policyportal", "0005_district_acknowledgment_days_acknowledgment"),
    ]

    operations = [
        migrations.AddField(
            model_name="sitereview",
            name="district",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="policyportal.district",
            ),
        ),
        migrations.RunPython(copy_site_district, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="sitereview",
            name="district",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="policyportal.district",
            ),
        ),
        migrations.RemoveIndex(model_name="sitereview", name="review_completed_idx"),
        migrations.AddIndex(
            model_name="sitereview",
            index=models.Index(fields=["district", "completed_at"], name="review_district_completed_idx"),
        ),
    ]
