"""The two districts' regulations as data: the first PolicyVersion every installation starts with.

Each item cites its clause id from shared/policies/CLAUSES.md. A district administrator changes items by
publishing a new PolicyVersion; these are only the starting point.
"""

from policyportal.models import AppliesTo, ApprovalChain

ATTEST = AppliesTo.REQUEST_ATTESTATION
REVIEW = AppliesTo.SITE_REVIEW
ACK = AppliesTo.ACKNOWLEDGMENT

WEST_HARTFORD = {
    "district": {
        "name": "West Hartford Public Schools",
        "slug": "west-hartford",
        "time_zone": "America/New_York",
        # WH-D1: approval from the district, so the supervisor's approval is followed by the district office's.
        "approval_chain": ApprovalChain.SUPERVISOR_THEN_DISTRICT,
    },
    "title": "Regulation 4080, Use of Social Media",
    "source": "West Hartford Public Schools, Regulation 4080",
    "items": [
        (
            ATTEST,
            "WH-D2",
            "The site is set up as a group list that is closed and moderated.",
            "Choose the platform's private or closed group setting and turn on post approval.",
        ),
        (
            ATTEST,
            "WH-D3",
            'Members join as members of the group, never as my "friends".',
            "Do not send or accept friend requests with members; invite them to the group.",
        ),
        (
            ATTEST,
            "WH-D4",
            "People join only after I invite them and allow them to join.",
            "Use invite-only membership with approval of every join request.",
        ),
        (
            ATTEST,
            "WH-D5",
            "Parents may join any site their child has been invited to.",
            "Approve a parent's join request whenever their child is a member.",
        ),
        (ATTEST, "WH-D6", "Access is only for educational purposes of the club, activity, organization or team.", ""),
        (
            ATTEST,
            "WH-D8",
            "The school and district administration will be given access to the site.",
            "Add your supervisor and the district office as administrators or members.",
        ),
        (ATTEST, "WH-D9", "The site will not link to personal sites or to sites the district does not sponsor.", ""),
        (
            ATTEST,
            "WH-D10",
            "The site will not be used for private gain, political, commercial, advertising, "
            "proselytizing or solicitation purposes.",
            "",
        ),
        (
            ATTEST,
            "WH-D11",
            "Personal views will never be presented as those of the Board, a school or the district.",
            "",
        ),
        (REVIEW, "WH-D2", "The site is a closed, moderated group list.", "Check the group's privacy setting."),
        (REVIEW, "WH-D3", "Members are group members, not friends of the employee.", ""),
        (
            REVIEW,
            "WH-D4",
            "Members joined only by the employee's invitation and approval.",
            "Look at the membership settings and recent join requests.",
        ),
        (REVIEW, "WH-D5", "Parents of invited students can access the site.", ""),
        (REVIEW, "WH-D6", "Posts and members serve the educational purpose of the club, activity or team.", ""),
        (
            REVIEW,
            "WH-D7",
            "The employee monitors the site regularly and reported any violation at once.",
            "Compare the monitoring log with the site's activity.",
        ),
        (REVIEW, "WH-D8", "The administration has access to the site.", ""),
        (REVIEW, "WH-D9", "The site has no links to personal or non-district sites.", ""),
        (
            REVIEW,
            "WH-D10",
            "No private gain, political, commercial, advertising, proselytizing or solicitation use.",
            "",
        ),
        (REVIEW, "WH-D11", "No personal views presented as those of the Board, a school or the district.", ""),
        (
            ACK,
            "WH-P1",
            'I keep professional boundaries: I do not "friend" students or build special relationships '
            "with selected students through personal social media.",
            "",
        ),
        (ACK, "WH-P2", "I do not give students access to personal postings unrelated to school.", ""),
        (
            ACK,
            "WH-P3",
            "When I mention the Board, the district, its schools, programs or teams on personal sites, "
            "I mind Board Policy 4080: no interference with the educational mission, no breach of confidentiality, "
            "no harm to the district's reputation.",
            "",
        ),
        (ACK, "WH-P4", "I use appropriately respectful speech in my personal posts.", ""),
        (
            ACK,
            "WH-P5",
            "I keep student information confidential and never mention students by name on personal sites.",
            "",
        ),
        (
            ACK,
            "WH-P6",
            "I do not link personal sites to the Board's, schools', programs' or teams' websites, and do "
            "not post Board material on them.",
            "",
        ),
    ],
}

REGION_14 = {
    "district": {
        "name": "Regional School District No. 14",
        "slug": "region-14",
        "time_zone": "America/New_York",
        # R14-D2: the supervisor's written permission is the decision.
        "approval_chain": ApprovalChain.SUPERVISOR,
    },
    "title": "Use of Social Media",
    "source": "Regional School District No. 14, Use of Social Media (adopted 2018-04-09)",
    "items": [
        (
            ATTEST,
            "R14-D1",
            "The site is only for sharing district-related information with families, students and the community.",
            "",
        ),
        (
            ATTEST,
            "R14-D3a",
            "The site is a closed group page, limited to students, parents and appropriate school personnel.",
            "Choose the platform's private or closed group setting.",
        ),
        (ATTEST, "R14-D3b", "New posts from members are blocked.", "Turn on post approval or admin-only posting."),
        (
            ATTEST,
            "R14-D3b",
            "Lewd, profane or obscene language is blocked by the platform's filter.",
            "Turn on the profanity filter at its strongest setting.",
        ),
        (ATTEST, "R14-D3c", 'Members are group members, not "friends".', ""),
        (ATTEST, "R14-D3d", "Access is only by my permission: membership is by invitation.", ""),
        (ATTEST, "R14-D3e", "Parents may access any site their child was invited to join.", ""),
        (ATTEST, "R14-D3g", "My supervisor will have access to the site.", "Add your supervisor as an administrator."),
        (ATTEST, "R14-D6", "The Board may monitor the site; I have no expectation of privacy on it.", ""),
        (ATTEST, "R14-D8", "No personal site or webpage will be linked to the site.", ""),
        (
            ATTEST,
            "R14-D9",
            "The site will not be used for private gain, political, commercial, advertising, "
            "proselytizing or solicitation purposes.",
            "",
        ),
        (REVIEW, "R14-D3a", "The site is a closed group limited to students, parents and school personnel.", ""),
        (REVIEW, "R14-D3b", "New posts from members are blocked.", ""),
        (REVIEW, "R14-D3b", "The profanity filter is on.", ""),
        (REVIEW, "R14-D3c", "Members are group members, not friends.", ""),
        (REVIEW, "R14-D3d", "Members joined only with the employee's permission.", ""),
        (REVIEW, "R14-D3e", "Parents of invited students can access the site.", ""),
        (REVIEW, "R14-D3f", "The employee monitors the site regularly.", "Compare the monitoring log with activity."),
        (REVIEW, "R14-D3g", "The supervisor has access to the site.", ""),
        (REVIEW, "R14-D3h", "The employee keeps professional boundaries on the site.", ""),
        (REVIEW, "R14-D4", "No harassing, defamatory, obscene, abusive, discriminatory or threatening statements.", ""),
        (
            REVIEW,
            "R14-D7",
            "No confidential student information, and no directory information of a student whose parent objected.",
            "Check names and photos against the directory-objection list.",
        ),
        (REVIEW, "R14-D8", "No personal site or webpage is linked to the site.", ""),
        (
            REVIEW,
            "R14-D9",
            "No private gain, political, commercial, advertising, proselytizing or solicitation use.",
            "",
        ),
        (REVIEW, "R14-D10", "No personal views presented as those of the Board, a school or the district.", ""),
        (
            ACK,
            "R14-P1",
            "My personal accounts are separate from district accounts, and I do not accept invitations on "
            "non-school sites from parents, students or alumni under 18 without a prior relationship.",
            "",
        ),
        (ACK, "R14-P2", "A personal post that could be read as official says that the views are my own.", ""),
        (ACK, "R14-P3", "I use no district logos or images on personal sites.", ""),
        (
            ACK,
            "R14-P4",
            "I do not link personal sites to district-sponsored sites or the Board's or schools' websites.",
            "",
        ),
        (ACK, "R14-P5", "I keep communications confidential and consult my supervisor when unsure.", ""),
        (ACK, "R14-P6", "I follow equipment and network policies when using social media at work.", ""),
        (
            ACK,
            "R14-P7",
            "The Board may monitor my use of district devices; I have no expectation of privacy there.",
            "",
        ),
        (ACK, "R14-P8", "I am personally responsible, and may be personally liable, for what I post.", ""),
        (
            ACK,
            "R14-P9",
            "I send no harassing, defamatory, obscene, abusive, discriminatory or threatening "
            "communications through personal social media.",
            "",
        ),
        (ACK, "R14-D3h", "I keep professional boundaries at all times on district-sponsored sites.", ""),
        (ACK, "R14-D5", "I comply with Board policies and the law when I use district-sponsored sites.", ""),
    ],
}

REGULATIONS = [WEST_HARTFORD, REGION_14]
