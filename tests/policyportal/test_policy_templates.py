"""Policy templates as data files: they load, they are what the demo districts start with, and a bad file is
refused with its name and the item at fault."""

import json

import pytest
from django.core.exceptions import ValidationError

from policyportal import policy_templates
from policyportal import services as policy_services
from policyportal.bootstrap import INSTALLED_AT_START
from policyportal.models import AppliesTo, ApprovalChain, District, PolicyVersion
from policyportal.selectors import current_policy


def test_the_templates_are_the_two_regulations_and_a_blank_one():
    assert policy_templates.names() == ["blank", "region-14", "west-hartford"]
    assert [template.name for template in policy_templates.available()] == policy_templates.names()


@pytest.mark.parametrize("slug", INSTALLED_AT_START)
def test_each_demo_district_starts_with_exactly_its_template(db, slug):
    template = policy_templates.load(slug)
    version = PolicyVersion.objects.get(district__slug=slug, number=1)
    assert (version.title, version.source) == (template.title, template.source)
    installed = [
        (item.applies_to, item.position, item.clause_id, item.text, item.guidance)
        for item in version.items.order_by("applies_to", "position")
    ]
    expected = sorted(
        (item.applies_to, position, item.clause_id, item.text, item.guidance)
        for position, item in template.positioned_items()
    )
    assert installed == expected
    district = District.objects.get(slug=slug)
    assert district.approval_chain == template.defaults["approval_chain"]
    assert (district.name, district.time_zone) == (template.district["name"], template.district["time_zone"])


def test_wh_d1_and_r14_d2_the_templates_suggest_each_regulations_approval_chain():
    assert policy_templates.load("west-hartford").defaults["approval_chain"] == ApprovalChain.SUPERVISOR_THEN_DISTRICT
    assert policy_templates.load("region-14").defaults["approval_chain"] == ApprovalChain.SUPERVISOR


def test_the_regulations_keep_their_clauses_in_all_three_places():
    west_hartford = policy_templates.load("west-hartford")
    region_14 = policy_templates.load("region-14")
    assert west_hartford.counts() == {
        "request_attestation": 9,
        "site_review": 10,
        "acknowledgment": 6,
        "post_precheck": 8,
        "violation_category": 16,
        "violation_outcome": 4,
    }
    assert region_14.counts() == {
        "request_attestation": 11,
        "site_review": 14,
        "acknowledgment": 11,
        "post_precheck": 11,
        "violation_category": 11,
        "violation_outcome": 4,
    }
    wh_d4 = [item for item in west_hartford.items if item.clause_id == "WH-D4"]
    assert [item.applies_to for item in wh_d4] == [
        AppliesTo.REQUEST_ATTESTATION,
        AppliesTo.SITE_REVIEW,
        AppliesTo.VIOLATION_CATEGORY,
    ]


def test_the_blank_template_is_the_least_a_district_needs():
    blank = policy_templates.load("blank")
    assert blank.district is None
    assert blank.counts() == {
        "request_attestation": 1,
        "site_review": 1,
        "acknowledgment": 0,
        "post_precheck": 0,
        "violation_category": 3,
        "violation_outcome": 4,
    }
    assert {item.clause_id for item in blank.items} == {"LOCAL-D1", "LOCAL-X1"}
    assert all(f"replace {item.clause_id}" in item.guidance for item in blank.items)


def test_the_loader_knows_the_models_values_without_importing_them():
    assert set(policy_templates.APPLIES_TO) == set(AppliesTo.values)
    assert set(policy_templates.APPROVAL_CHAINS) == set(ApprovalChain.values)
    fields = {field.name for field in District._meta.get_fields()}
    assert set(policy_templates.DEFAULTS) <= fields


GOOD_ITEM = {"applies_to": "site_review", "clause_id": "XY-D1", "text": "Checked.", "guidance": ""}
CATEGORY = {"applies_to": "violation_category", "clause_id": "XY-D2", "key": "other", "text": "Else.", "guidance": ""}
OUTCOME = {"applies_to": "violation_outcome", "clause_id": "XY-X1", "key": "warned", "text": "Warned.", "guidance": ""}


def write(tmp_path, name: str, data) -> None:
    text = data if isinstance(data, str) else json.dumps(data)
    (tmp_path / f"{name}.json").write_text(text, encoding="utf-8")


def template(**changes) -> dict:
    return {"title": "Rules", "source": "Somewhere", "items": [GOOD_ITEM, CATEGORY, OUTCOME], **changes}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ('{"title": "Rules",\n "items": [}', "bad.json: not valid JSON at line 2, column"),
        (template(title=""), "bad.json: 'title' must be a non-empty string"),
        (template(items=[]), "bad.json: 'items' must be a list with at least one item"),
        (template(colour="red"), "bad.json: unknown key 'colour'"),
        (template(defaults={"approval_chain": "nobody"}), "bad.json, defaults: 'approval_chain' is 'nobody'"),
        (template(defaults={"review_cadence_days": 0}), "bad.json, defaults: 'review_cadence_days' is 0"),
        (template(defaults={"colour": "red"}), "bad.json, defaults: unknown key 'colour'"),
        (
            template(items=[GOOD_ITEM, {**GOOD_ITEM, "applies_to": "everywhere", "clause_id": "XY-D2"}]),
            "bad.json, item 2 (XY-D2): 'applies_to' is 'everywhere'",
        ),
        (template(items=[{**GOOD_ITEM, "clause_id": "D2"}]), "bad.json, item 1 (D2): 'clause_id' is 'D2'"),
        (template(items=[{**GOOD_ITEM, "text": "  "}]), "bad.json, item 1 (XY-D1): 'text' must be a non-empty string"),
        (template(items=[{**GOOD_ITEM, "note": "x"}]), "bad.json, item 1 (XY-D1): unknown key 'note'"),
        (
            template(items=[{**GOOD_ITEM, "applies_to": "acknowledgment"}, CATEGORY, OUTCOME]),
            "bad.json: at least one item must apply to 'site_review'",
        ),
        (
            template(items=[GOOD_ITEM, OUTCOME]),
            "bad.json: at least one item must apply to 'violation_category', or violations could not be reported",
        ),
        (
            template(items=[GOOD_ITEM, CATEGORY]),
            "bad.json: at least one item must apply to 'violation_outcome', or violations could not be resolved",
        ),
        (
            template(items=[GOOD_ITEM, CATEGORY, {**CATEGORY, "clause_id": "XY-D3"}, OUTCOME]),
            "bad.json: the violation category 'other' is given twice",
        ),
        (
            template(district={"name": "X", "slug": "x", "time_zone": "Mars/Olympus"}),
            "bad.json, district: 'Mars/Olympus' is not a known time zone",
        ),
    ],
)
def test_a_bad_template_is_refused_naming_the_file_and_item(tmp_path, data, message):
    write(tmp_path, "bad", data)
    with pytest.raises(policy_templates.TemplateError) as refused:
        policy_templates.load("bad", directory=tmp_path)
    assert message in str(refused.value)


def test_a_template_that_is_not_utf8_is_refused(tmp_path):
    (tmp_path / "latin.json").write_bytes('{"title": "Règles"}'.encode("latin-1"))
    with pytest.raises(policy_templates.TemplateError, match=r"latin\.json: not UTF-8"):
        policy_templates.load("latin", directory=tmp_path)


@pytest.mark.parametrize("name", ["nowhere", "../settings", "WEST-HARTFORD", ""])
def test_an_unknown_template_name_lists_the_ones_there_are(name):
    with pytest.raises(policy_templates.UnknownTemplate, match="The templates are: blank, region-14, west-hartford"):
        policy_templates.load(name)


def test_a_good_template_in_another_folder_loads(tmp_path):
    write(tmp_path, "ours", template(defaults={"approval_chain": "supervisor", "finding_due_days": 10}))
    loaded = policy_templates.load("ours", directory=tmp_path)
    assert loaded.defaults == {"approval_chain": "supervisor", "finding_due_days": 10}
    assert loaded.items[0] == policy_templates.Item("site_review", "XY-D1", "Checked.", "")
    assert [item.key for item in loaded.items[1:]] == ["other", "warned"]


def test_publishing_refuses_a_violation_category_given_twice_and_publishes_nothing(admin):
    """A report is filed under the one item of a code: two would make 'harassment' mean two things at once."""
    version = current_policy(admin.district_id)
    items = [
        {"applies_to": i.applies_to, "clause_id": i.clause_id, "key": i.key, "text": i.text, "guidance": i.guidance}
        for i in version.items.all()
    ]
    items.append({**next(item for item in items if item["key"] == "harassment"), "clause_id": "WH-P3"})
    with pytest.raises(ValidationError, match="the violation category 'harassment' is given twice"):
        policy_services.policy_publish(district=admin.district, by=admin, items=items, based_on=version.number)
    assert current_policy(admin.district_id) == version
