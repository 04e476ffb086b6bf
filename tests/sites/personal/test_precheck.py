"""R14-D7: the pre-check finds every mention of a student whose parent objected, and nothing else."""

import uuid

import pytest

from audits.models import AuditEvent
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
def test_r14_d7_every_post_naming_an_objected_student_is_flagged(author, post):
    assert "R14-D7" in clauses(check_post(author=author, text=post, links="", site=None))


@pytest.mark.parametrize("post", DOES_NOT)
def test_r14_d7_no_false_alarm_for_other_students_or_parts_of_words(author, post):
    assert "R14-D7" not in clauses(check_post(author=author, text=post, links="", site=None))


def test_profanity_from_the_packaged_word_list_is_found_as_whole_words(author):
    assert "R14-D4" in clauses(check_post(author=author, text="What a shitty call by the ref", links="", site=None))
    assert "R14-D4" not in clauses(check_post(author=author, text="Scunthorpe and Essex won", links="", site=None))


def test_commercial_political_and_harassing_wording_is_flagged(author):
    found = check_post(
        author=author, text="Vote for Smith! Donate at the fundraiser. Shut up, losers.", links="", site=None
    )
    assert "WH-P3" in clauses(found)
    assert "R14-P9" in clauses(found)


def test_r14_p2_a_personal_post_naming_the_district_needs_a_disclaimer(author):
    plain = "Proud of Nonnewaug High School today."
    assert "R14-P2" in clauses(check_post(author=author, text=plain, links="", site=None))
    disclaimed = plain + " The views here are my own."
    assert "R14-P2" not in clauses(check_post(author=author, text=disclaimed, links="", site=None))


def test_wh_d9_a_district_site_may_only_link_to_itself(r14_employee, r14_supervisor, r14_admin):
    site = factories.active_site(requester=r14_employee, url="https://www.facebook.com/groups/nhsxc")
    own = "https://www.facebook.com/groups/nhsxc/posts/1"
    assert "WH-D9" not in clauses(check_post(author=r14_employee, text=own, links="", site=site))
    assert "WH-D9" in clauses(check_post(author=r14_employee, text="", links="https://coach-blog.example", site=site))
    personal = check_post(author=r14_employee, text="Join us", links=own, site=None)
    assert "R14-P4" in clauses(personal)


def test_the_pre_check_page_stores_nothing_it_was_not_asked_to(client, author):
    client.force_login(author)
    page = client.post(
        "/sites/check-a-post/", {"text": "Go Ann Lee!", "links": "", "action": "check", "form_token": uuid.uuid4()}
    )
    assert "R14-D7" in page.content.decode()
    assert not Consultation.objects.exists()


def test_a_check_records_that_it_ran_and_what_it_found_never_the_post(client, author):
    client.force_login(author)
    client.post(
        "/sites/check-a-post/", {"text": "Go Ann Lee!", "links": "", "action": "check", "form_token": uuid.uuid4()}
    )
    ran = AuditEvent.objects.get(action="precheck.run")
    assert (ran.actor, ran.payload) == (author, {"findings": 1, "site": None})
    assert "Ann Lee" not in str(ran.payload) + ran.target_label
