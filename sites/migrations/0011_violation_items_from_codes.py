"""Each violation report's old category and action code becomes the item of its district's current policy
version that means the same (0019 gave every version its template's categories and outcomes).

A code keeps its key where the district's policy has one (`profanity` is R14-D3b in Region 14, WH-P4 in West
Hartford); harassment on a district site is R14-D4 where the policy tells it apart from harassment elsewhere
(R14-S2); a code the policy does not carry is its 'something else' category; 'referred to human resources' is
the referral for discipline (WH-X1, R14-X1). Going back gives each report its code again; a category or outcome
that had no code before this migration becomes 'other', or 'referred_hr' for a referral."""

from django.db import migrations

ON_DISTRICT_SITE = {"harassment": "harassment_on_district_site"}
OUTCOMES = {"referred_hr": "referred_for_discipline"}
OLD_CATEGORIES = {
    "harassment",
    "confidential",
    "directory_objection",
    "profanity",
    "personal_link",
    "commercial_political",
    "parent_denied",
    "other",
}


def _current_items(apps, district_id: int, applies_to: str) -> dict:
    ChecklistItem = apps.get_model("policyportal", "ChecklistItem")
    version = (
        apps.get_model("policyportal", "PolicyVersion")
        .objects.filter(district_id=district_id, items__applies_to=applies_to)
        .order_by("-number")
        .first()
    )
    if version is None:
        raise RuntimeError(f"District {district_id} has violation reports but no policy version with a {applies_to}.")
    return {item.key: item for item in ChecklistItem.objects.filter(policy_version=version, applies_to=applies_to)}


def _category(items: dict, code: str, on_site: bool):
    if on_site and ON_DISTRICT_SITE.get(code) in items:
        return items[ON_DISTRICT_SITE[code]]
    return items.get(code) or items["other"]


def to_items(apps, schema_editor):
    ViolationReport = apps.get_model("groupsites", "ViolationReport")
    for district_id in ViolationReport.objects.values_list("district_id", flat=True).distinct().order_by():
        categories = _current_items(apps, district_id, "violation_category")
        outcomes = _current_items(apps, district_id, "violation_outcome")
        for report in ViolationReport.objects.filter(district_id=district_id):
            report.category_item = _category(categories, report.category, report.site_id is not None)
            report.outcome = outcomes[OUTCOMES.get(report.action, report.action)] if report.action else None
            report.save(update_fields=["category_item", "outcome"])


def to_codes(apps, schema_editor):
    ViolationReport = apps.get_model("groupsites", "ViolationReport")
    old_outcomes = {new: old for old, new in OUTCOMES.items()}
    old_categories = {new: old for old, new in ON_DISTRICT_SITE.items()}
    for report in ViolationReport.objects.select_related("category_item", "outcome"):
        key = report.category_item.key
        report.category = old_categories.get(key, key if key in OLD_CATEGORIES else "other")
        report.action = old_outcomes.get(report.outcome.key, report.outcome.key) if report.outcome else ""
        report.save(update_fields=["category", "action"])


class Migration(migrations.Migration):
    dependencies = [("groupsites", "0010_violation_items")]
    operations = [migrations.RunPython(to_items, to_codes)]
