"""Installs the two regulations as districts with their first policy version, each an audit event.

Takes an app registry so the data migration (historical models) and tests (after a flush) share it.
Idempotent: a district that exists is left as it is.
"""

from collections import Counter

from django.db import transaction
from django.utils import timezone

from audits import chain
from policyportal.regulations import REGULATIONS


def install_regulations(apps) -> None:
    District = apps.get_model("policyportal", "District")
    PolicyVersion = apps.get_model("policyportal", "PolicyVersion")
    ChecklistItem = apps.get_model("policyportal", "ChecklistItem")
    AuditEvent = apps.get_model("audits", "AuditEvent")
    for regulation in REGULATIONS:
        if District.objects.filter(slug=regulation["district"]["slug"]).exists():
            continue
        with transaction.atomic():
            district = District.objects.create(**regulation["district"])
            version = PolicyVersion.objects.create(
                district=district, number=1, title=regulation["title"], source=regulation["source"]
            )
            positions: Counter = Counter()
            items = []
            for applies_to, clause_id, text, guidance in regulation["items"]:
                positions[applies_to] += 1
                items.append(
                    ChecklistItem(
                        policy_version=version,
                        applies_to=applies_to,
                        clause_id=clause_id,
                        text=text,
                        guidance=guidance,
                        position=positions[applies_to],
                    )
                )
            ChecklistItem.objects.bulk_create(items)
            for action, target_type, target, payload in [
                ("district.created", "district", district, {"approval_chain": district.approval_chain}),
                ("policy.published", "policyversion", version, {"number": 1, "items": len(items)}),
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
                    target_label=str(target.name if target_type == "district" else target.title),
                    payload={**payload, "source": regulation["source"]},
                    client_ip=None,
                )
