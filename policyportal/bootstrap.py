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
    # Likewise its items: the kinds acted on by a code (pre-check rules, violation categories and outcomes) came
    # later, and the migration that brought them (0017) adds the templates' items of those kinds.
    kinds = {value for value, _label in ChecklistItem._meta.get_field("applies_to").choices}
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
            items = ChecklistItem.objects.bulk_create(
                ChecklistItem(policy_version=version, position=position, **item.as_dict())
                for position, item in template.positioned_items()
                if item.applies_to in kinds
            )
            about = {"source": template.source, "template": template.name}
            _record(
                AuditEvent,
                district,
                "district.created",
                "district",
                district,
                district.name,
                {"approval_chain": district.approval_chain, **about},
            )
            _record(
                AuditEvent,
                district,
                "policy.published",
                "policyversion",
                version,
                version.title,
                {"number": 1, "items": len(items), **about},
            )


def _record(AuditEvent, district, action: str, target_type: str, target, label: str, payload: dict) -> None:
    """An event the installation itself made, appended to the district's chain with the historical model."""
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
        payload=payload,
        client_ip=None,
    )


def add_template_items(apps, kinds: tuple[str, ...]) -> None:
    """Add to each district's current policy version the items of `kinds` its template holds (the template named
    by the district's slug, else the blank one), once: for a migration that brings new kinds of item. Versions are
    otherwise never changed; these kinds were not in them to be answered or shown, so nothing given against a
    version changes meaning. Each district's chain records what was added."""
    District = apps.get_model("policyportal", "District")
    PolicyVersion = apps.get_model("policyportal", "PolicyVersion")
    ChecklistItem = apps.get_model("policyportal", "ChecklistItem")
    AuditEvent = apps.get_model("audits", "AuditEvent")
    known = set(policy_templates.names())
    for district in District.objects.order_by("pk"):
        version = PolicyVersion.objects.filter(district=district).order_by("-number").first()
        if version is None or ChecklistItem.objects.filter(policy_version=version, applies_to__in=kinds).exists():
            continue
        template = policy_templates.load(district.slug if district.slug in known else "blank")
        positions: dict[str, int] = {}
        items = []
        for item in template.items:
            if item.applies_to in kinds:
                positions[item.applies_to] = positions.get(item.applies_to, 0) + 1
                items.append(
                    ChecklistItem(policy_version=version, position=positions[item.applies_to], **item.as_dict())
                )
        if not items:
            continue
        with transaction.atomic():
            ChecklistItem.objects.bulk_create(items)
            _record(
                AuditEvent,
                district,
                "policy.items_added",
                "policyversion",
                version,
                version.title,
                {"number": version.number, "kinds": list(kinds), "items": len(items), "template": template.name},
            )
