"""The dashboard counts violation reports by their category's and outcome's code across policy versions, each
labelled with its clause; a report keeps the wording it was filed under."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

from audits import reports
from policyportal.selectors import current_policy
from policyportal.services import policy_publish
from sites import services

NEW_WORDING = "Harassing or threatening posts, comments or messages"


def file(by, category: str):
    return services.violation_report(
        by=by, account_name="Fan page", category=category, what_happened="x", occurred_on=timezone.localdate()
    )


def test_a_category_reworded_in_a_new_version_is_counted_once_under_its_clause_and_its_reports_keep_their_words(
    client, r14_employee, r14_admin
):
    before = file(r14_employee, "harassment")
    version = current_policy(r14_admin.district_id)
    items = [
        {
            "applies_to": item.applies_to,
            "clause_id": item.clause_id,
            "key": item.key,
            "text": NEW_WORDING if item.key == "harassment" else item.text,
            "guidance": item.guidance,
        }
        for item in version.items.all()
    ]
    policy_publish(district=r14_admin.district, by=r14_admin, items=items, based_on=version.number)
    after = file(r14_employee, "harassment")
    services.violation_resolve(report=after, by=r14_admin, outcome="no_violation", note="Satire, not about staff.")

    figures = reports.dashboard(reports.Scope(user=r14_admin, start=date(2000, 1, 1), end=date(2100, 1, 1)))
    by_category = dict(figures["violations_by_category"])
    assert by_category[f"R14-S2: {NEW_WORDING}"] == 2
    assert by_category["R14-S3: Creates a hostile work environment"] == 0
    assert len(by_category) == len(current_policy(r14_admin.district_id).items.filter(applies_to="violation_category"))
    outcomes = dict(figures["violations_by_outcome"])
    assert (outcomes["R14-D3f: No violation found"], outcomes["Waiting"]) == (1, 1)
    assert [n for label, n in outcomes.items() if label.startswith("R14-X1: Referred")] == [0]

    client.force_login(r14_admin)
    kept = client.get(reverse("sites:violation", args=[before.pk])).content.decode()
    assert "Harassing, defamatory, obscene, abusive" in kept and NEW_WORDING not in kept
    listed = client.get(reverse("reports:report", args=["violations"])).content.decode()
    assert listed.count(NEW_WORDING) == 1 and "R14-S2" in listed
