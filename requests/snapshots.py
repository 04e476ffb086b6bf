"""What a decider reviewed, frozen at submission: the snapshot and its hash bind the decision to it."""

import hashlib
import json

from requests.models import Serves, SocialMediaRequest


def build(request: SocialMediaRequest) -> dict:
    attestations = sorted(request.attestations.select_related("item__policy_version"), key=lambda a: a.item.position)
    return {
        "request": request.pk,
        "district": request.district.name,
        "requester": {"id": request.requester_id, "name": request.requester.display_name},
        "school": request.school.name if request.school else None,
        "site_name": request.site_name,
        "site_url": request.site_url,
        "platform": request.platform_label,
        "serves": Serves(request.serves).label if request.serves else "",
        "serves_name": request.serves_name,
        "audience": request.audience_labels,
        "description": request.description,
        "admission": request.admission,
        "attestations": [
            {"clause_id": a.item.clause_id, "text": a.item.text, "policy_version": a.item.policy_version.number}
            for a in attestations
        ],
    }


def digest(snapshot: dict) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()
