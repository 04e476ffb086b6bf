"""Installs the two real regulations' districts, each with its first policy version from its policy template
(`policyportal/policy_templates/`), and their audit events in the district's own chain.

Takes an app registry so the data migration (historical models) and tests (after a flush) share it.
Idempotent: a district that exists is left as it is.
"""

from django.db import transaction
from django.utils import timezone

from audits import chain
from policyportal import policy_templates

# The regulations every installation starts with: their districts are the demo's (`seed_demo` adds people).
INSTALLED_AT_START = ("west-hartford", "region-14")


def install_regulations(apps) -> None:
    District = apps.get_model("policyportal", "District")
    PolicyVersion = apps.get_model("policyportal", "PolicyVersion")
    ChecklistItem = apps.get_model("policyportal", "ChecklistItem")
    AuditEvent = apps.get_model("audits", "AuditEvent")
    # The migration's District is the one of its time: settings a template suggests that were added later
    # take their column's default there, as they did on every installation then.
    settings = {field.name for field in District._meta.get_fields()}
    for name in INSTALLED_AT_START:
        template = policy_templates.load(name)
        if template.district is None:
            raise policy_templates.TemplateError(f"{name}.json: names no district to install.")
        if District.objects.filter(slug=template.district["slug"]).exists():
            continue
        defaults = {key: value for key, value in template.defaults.items() if key in settings}
        with transaction.atomic():
            district = District.objects.create(**template.district, **defaults)
            version = PolicyVersion.objects.create(
                district=district, number=1, title=template.title, source=template.source
            )
            ChecklistItem.objects.bulk_create(
                ChecklistItem(policy_version=version, position=position, **item.as_dict())
                for position, item in template.positioned_items()
            )
            about = {"source": template.source, "template": template.name}
            for action, target_type, target, label, payload in [
                ("district.created", "district", district, district.name, {"approval_chain": district.approval_chain}),
                (
                    "policy.published",
                    "policyversion",
                    version,
                    version.title,
                    {"number": 1, "items": len(template.items)},
                ),
            ]:
                chain.append(
                    AuditEvent,
                    district_id=district.pk,
                    occurred_at=timezone.now(),
                    actor_id=None,
                    actor_name="",
                    action=action,
                    target_type=target_type,
                    target_id=str(target.pk),
                    target_label=label,
                    payload={**payload, **about},
                    client_ip=None,
                )
