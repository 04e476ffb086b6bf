"""The post pre-check: it finds every mention of a student whose parent objected and nothing else, and each
finding cites the clauses of the checker's own district's policy version (issue 17), or says plainly that it has
none."""

import uuid

import pytest

from audits.models import AuditEvent
from policyportal.models import PolicyVersion
from policyportal.services import policy_publish
from sites.personal.models import Consultation
from sites.personal.precheck import check_post
from tests import factories

NAMES_THE_STUDENT = [
    "Congratulations to Zoë O'Brien on her award!",
    "congratulations to zoe o'brien on her award",
    "CONGRATULATIONS TO ZOE OBRIEN? no: ZOE O BRIEN!",
    "Great run by Zee O'Brien today.",
    "Shout-out to ann lee, our captain.",
    "Photos: ANN LEE (left) at the fair.",
    "Thanks, Ann  Lee!",
]
DOES_NOT = [
    "Joann Leeds led the team.",  # the name only inside other words
    "Annie Lee and Zoe Smith did well.",  # other students, no objection
    "Lee Ann Womack sang at the assembly.",
    "Zeeland O'Briens are visiting.",
]


def clauses(findings) -> str:
    return " ".join(finding.clause_ids for finding in findings)


@pytest.fixture
def author(region_14, nonnewaug, objected):
    return factories.user(district=region_14, username="r14author", school=nonnewaug)


@pytest.mark.parametrize("post", NAMES_THE_STUDENT)
def test_r14_p5_every_personal_post_naming_an_objected_student_is_flagged(author, post):
    assert "R14-P5" in clauses(check_post(author=author, text=post, links="", site=None))


@pytest.mark.parametrize("post", DOES_NOT)
def test_r14_p5_no_false_alarm_for_other_students_or_parts_of_words(author, post):
    assert "R14-P5" not in clauses(check_post(author=author, text=post, links="", site=None))


def test_r14_d7_a_district_site_post_naming_an_objected_student_is_flagged(r14_employee, nonnewaug, objected):
    site = factories.active_site(requester=r14_employee, school=nonnewaug, url="https://www.facebook.com/groups/nhs")
    assert clauses(check_post(author=r14_employee, text="Go Ann Lee!", links="", site=site)) == "R14-D7"


def test_profanity_from_the_packaged_word_list_is_found_as_whole_words(author):
    assert "R14-P9" in clauses(check_post(author=author, text="What a shitty call by the ref", links="", site=None))
    assert "R14-P9" not in clauses(check_post(author=author, text="Scunthorpe and Essex won", links="", site=None))


def test_r14_d3b_and_d4_profanity_on_a_district_site(r14_employee):
    site = factories.active_site(requester=r14_employee)
    found = check_post(author=r14_employee, text="What a shitty call", links="", site=site)
    assert clauses(found) == "R14-D3b, R14-D4"


def test_commercial_political_and_harassing_wording_is_flagged_with_region_14s_own_clauses(author):
    found = check_post(
        author=author, text="Vote for Smith! Donate at the fundraiser. Shut up, losers.", links="", site=None
    )
    by_rule = {finding.rule: finding.clause_ids for finding in found}
    assert by_rule["harassing_on_personal_account"] == "R14-P9"
    assert by_rule["commercial_on_personal_account"] == "", "Region 14's policy has no such clause: none is cited"


def test_r14_p2_a_personal_post_naming_the_district_needs_a_disclaimer(author):
    plain = "Proud of Nonnewaug High School today."
    assert "R14-P2" in clauses(check_post(author=author, text=plain, links="", site=None))
    disclaimed = plain + " The views here are my own."
    assert "R14-P2" not in clauses(check_post(author=author, text=disclaimed, links="", site=None))


def test_r14_d8_a_district_site_may_only_link_to_itself_and_r14_p4_no_personal_link_to_it(r14_employee):
    site = factories.active_site(requester=r14_employee, url="https://www.facebook.com/groups/nhsxc")
    own = "https://www.facebook.com/groups/nhsxc/posts/1"
    assert "R14-D8" not in clauses(check_post(author=r14_employee, text=own, links="", site=site))
    assert clauses(check_post(author=r14_employee, text="", links="https://coach-blog.example", site=site)) == "R14-D8"
    assert clauses(check_post(author=r14_employee, text="Join us", links=own, site=None)) == "R14-P4"


def test_wh_d9_d10_a_west_hartford_site_is_checked_against_west_hartfords_clauses(employee):
    site = factories.active_site(requester=employee, url="https://www.facebook.com/groups/hallsoccer")
    found = check_post(author=employee, text="Buy raffle tickets!", links="https://coach-blog.example", site=site)
    assert sorted(f.clause_ids for f in found) == ["WH-D10", "WH-D9"]


PROBES = "Go Ann Lee! Vote for Smith, donate now. Shut up, losers, what a shitty call. Proud of {district}."


@pytest.mark.parametrize(("who", "own", "other"), [("employee", "WH-", "R14-"), ("r14_employee", "R14-", "WH-")])
def test_every_finding_cites_the_checkers_own_district_and_never_the_other(request, who, own, other):
    author = request.getfixturevalue(who)
    site = factories.active_site(requester=author, url=f"https://www.facebook.com/groups/{who}")
    text = PROBES.format(district=author.district.name)
    findings = [
        *check_post(author=author, text=text, links="https://elsewhere.example", site=site),
        *check_post(author=author, text=text, links=site.url, site=None),
    ]
    assert len(findings) >= 8
    cited = [clause for finding in findings for clause in finding.clause_ids.split(", ") if clause]
    assert cited and all(clause.startswith(own) for clause in cited), cited
    assert not any(clause.startswith(other) for clause in cited)


def test_a_rule_the_districts_policy_does_not_carry_says_so_plainly(client, employee):
    client.force_login(employee)
    page = client.post(
        "/sites/check-a-post/",
        {"text": "What a shitty call", "links": "", "action": "check", "form_token": uuid.uuid4(), "destination": ""},
    ).content.decode()
    assert "WH-P4" in page and "R14-" not in page
    site = factories.active_site(requester=employee)
    on_site = client.post(
        "/sites/check-a-post/",
        {
            "text": "What a shitty call",
            "links": "",
            "action": "check",
            "form_token": uuid.uuid4(),
            "destination": site.pk,
        },
    ).content.decode()
    assert "No clause of your district's rules names this" in on_site and "R14-" not in on_site


def test_the_clauses_follow_the_districts_published_version(author, r14_admin):
    version = PolicyVersion.objects.get(district=author.district)
    items = [
        {
            "applies_to": i.applies_to,
            "clause_id": "R14-P8" if i.key == "harassing_on_personal_account" else i.clause_id,
            "key": i.key,
            "text": i.text,
            "guidance": i.guidance,
        }
        for i in version.items.all()
    ]
    policy_publish(district=author.district, by=r14_admin, items=items, based_on=version.number)
    found = check_post(author=author, text="Shut up, losers.", links="", site=None)
    assert [(f.rule, f.clause_ids) for f in found] == [("harassing_on_personal_account", "R14-P8")]


def test_the_pre_check_page_stores_nothing_it_was_not_asked_to(client, author):
    client.force_login(author)
    page = client.post(
        "/sites/check-a-post/", {"text": "Go Ann Lee!", "links": "", "action": "check", "form_token": uuid.uuid4()}
    )
    assert "R14-P5" in page.content.decode()
    assert not Consultation.objects.exists()


def test_a_check_records_that_it_ran_and_what_it_found_never_the_post(client, author):
    client.force_login(author)
    client.post(
        "/sites/check-a-post/", {"text": "Go Ann Lee!", "links": "", "action": "check", "form_token": uuid.uuid4()}
    )
    ran = AuditEvent.objects.get(action="precheck.run")
    assert (ran.actor, ran.payload) == (author, {"findings": 1, "clauses": ["R14-P5"], "site": None})
    assert "Ann Lee" not in str(ran.payload) + ran.target_label
