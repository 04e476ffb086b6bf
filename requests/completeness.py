"""What a request needs before it can be submitted. Drafts may be incomplete; submissions may not."""

from policyportal.models import AppliesTo, ChecklistItem
from policyportal.selectors import current_items
from requests.models import DESCRIPTION_MIN, SocialMediaRequest
from sites.platforms import Platform


def attestation_items(request: SocialMediaRequest) -> list[ChecklistItem]:
    return current_items(request.district_id, AppliesTo.REQUEST_ATTESTATION)


def missing_for_submission(request: SocialMediaRequest) -> dict[str, str]:
    missing: dict[str, str] = {}
    for name, label in [
        ("site_name", "the site's name"),
        ("platform", "the platform"),
        ("serves", "what the site serves"),
        ("admission", "how members will be admitted"),
    ]:
        if not getattr(request, name):
            missing[name] = f"Fill in {label} before you submit."
    if request.platform == Platform.OTHER and not request.platform_other:
        missing["platform_other"] = "Name the platform."
    if request.serves in ("club", "activity", "organization", "team") and not request.serves_name:
        missing["serves_name"] = "Name the club, activity, organization or team the site serves."
    if request.serves != "district_info" and request.school_id is None:
        missing["school"] = "Choose the school the site belongs to."
    if not request.audience:
        missing["audience"] = "Choose at least one audience."
    length = len(request.description.strip())
    if length < DESCRIPTION_MIN:
        missing["description"] = (
            f"Describe the proposed use in at least {DESCRIPTION_MIN} characters (this has {length}): "
            "what will be posted, for whom, and how often, so your supervisor can judge it."
        )
    confirmed = set(request.attestations.values_list("item_id", flat=True))
    unconfirmed = [item for item in attestation_items(request) if item.pk not in confirmed]
    if unconfirmed:
        ids = ", ".join(item.clause_id for item in unconfirmed)
        missing["__all__"] = f"Confirm every setup promise before you submit (still open: {ids})."
    return missing
