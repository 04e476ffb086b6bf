"""The post pre-check: what in a planned post the district's rules would object to, each finding citing its
clause. It reads the post and stores nothing: only a post the employee chooses to send to their supervisor
is ever saved (as a consultation).
"""

import importlib.resources
import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import cache

from policyportal.models import AppliesTo, District, User
from policyportal.selectors import current_items
from sites.models import Site
from sites.personal.models import DirectoryObjection

URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
COMMERCIAL = [
    "buy",
    "sale",
    "for sale",
    "discount",
    "coupon",
    "promo code",
    "order now",
    "shop",
    "sponsor",
    "donate",
    "donation",
    "fundraiser",
    "fundraising",
    "gofundme",
    "venmo",
    "paypal",
    "raffle tickets",
    "vote for",
    "vote yes",
    "vote no",
    "elect",
    "re-elect",
    "campaign",
    "candidate",
    "petition",
]
HARASSING = [
    "kill",
    "hurt you",
    "beat you",
    "you will regret",
    "watch your back",
    "stupid",
    "idiot",
    "moron",
    "loser",
    "dumb",
    "shut up",
    "hate you",
    "worthless",
    "pathetic",
    "disgusting",
]
DISCLAIMERS = ["my own", "views are mine", "do not represent", "don't represent", "not the views of", "personal views"]


@dataclass(frozen=True)
class Finding:
    rule: str
    clause_ids: str  # the reader's own district's clauses for the rule; empty where its policy carries none
    problem: str
    evidence: str

    def as_dict(self) -> dict:
        return asdict(self)


def normalise(text: str) -> str:
    """Lower case, accents removed, punctuation turned into spaces: 'Zoë O'Brien!' -> 'zoe o brien'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


def _contains(haystack: str, phrase: str) -> bool:
    """Whole words only: 'ann lee' is in 'thanks ann lee' but not in 'joann leeds'."""
    needle = normalise(phrase)
    return bool(needle) and f" {needle} " in f" {haystack} "


@cache
def profanity_list() -> tuple[str, ...]:
    """The word list maintained in the better-profanity package, read as data."""
    words = importlib.resources.files("better_profanity").joinpath("profanity_wordlist.txt").read_text()
    return tuple(sorted({normalise(line) for line in words.splitlines() if normalise(line)}))


def _objections(district: District, site: Site | None) -> list[DirectoryObjection]:
    roster = DirectoryObjection.objects.filter(district=district)
    return list(roster.filter(school_id=site.school_id) if site is not None and site.school_id else roster)


def _names(student: DirectoryObjection) -> list[str]:
    names = [f"{student.first_name} {student.last_name}"]
    if student.preferred_name:
        names.append(f"{student.preferred_name} {student.last_name}")
    return names


def clauses_by_rule(district_id: int) -> dict[str, str]:
    """Which clauses of the district's current policy version each pre-check rule cites (its `post_precheck`
    items, by key)."""
    cited: dict[str, list[str]] = {}
    for item in current_items(district_id, AppliesTo.POST_PRECHECK):
        cited.setdefault(item.key, []).append(item.clause_id)
    return {rule: ", ".join(clause_ids) for rule, clause_ids in cited.items()}


def check_post(*, author: User, text: str, links: str, site: Site | None) -> list[Finding]:
    """Findings for a planned post on `site` (a district site of the author's) or, if None, a personal account, each
    citing the clauses of the author's own district."""
    cited = clauses_by_rule(author.member_district_id)
    where = "on_district_site" if site is not None else "on_personal_account"

    def finding(rule: str, problem: str, evidence: str) -> Finding:
        return Finding(rule, cited.get(rule, ""), problem, evidence)

    words = normalise(text)
    findings: list[Finding] = []
    for student in _objections(author.member_district, site):
        for name in _names(student):
            if _contains(words, name):
                rule = "objected_student_on_district_site" if site is not None else "student_named_on_personal_account"
                findings.append(finding(rule, "Names a student whose parent objected to directory information.", name))
                break
    profane = [word for word in profanity_list() if _contains(words, word)]
    if profane:
        findings.append(finding(f"profanity_{where}", "Uses profane or obscene language.", ", ".join(profane[:5])))
    commercial = [phrase for phrase in COMMERCIAL if _contains(words, phrase)]
    if commercial:
        findings.append(
            finding(
                f"commercial_{where}",
                "Reads as commercial, political, fundraising or solicitation.",
                ", ".join(commercial),
            )
        )
    harassing = [phrase for phrase in HARASSING if _contains(words, phrase)]
    if harassing:
        findings.append(
            finding(f"harassing_{where}", "May read as harassing, abusive or threatening.", ", ".join(harassing))
        )
    for rule, problem, url in _link_findings(author, f"{text}\n{links}", site):
        findings.append(finding(rule, problem, url))
    if (
        site is None
        and _names_the_district(author.member_district, words)
        and not any(_contains(words, phrase) for phrase in DISCLAIMERS)
    ):
        findings.append(
            finding(
                "names_district_without_disclaimer",
                "Names the district without saying the views are your own.",
                author.member_district.name,
            )
        )
    return findings


def _link_findings(author: User, text: str, site: Site | None) -> list[tuple[str, str, str]]:
    """From a district site, any link off that site; from a personal account, any link to a district-sponsored
    site: each as (rule, problem, url)."""
    district_sites = list(
        Site.objects.filter(district_id=author.member_district_id).exclude(url="").values_list("url", flat=True)
    )
    found = []
    for url in sorted(set(URL.findall(text))):
        if site is not None and not (site.url and url.startswith(site.url)):
            found.append(("link_off_district_site", "Links from a district site to another site.", url))
        elif site is None and any(url.startswith(known) for known in district_sites):
            found.append(("link_to_district_site", "Links a personal post to a district site.", url))
    return found


def _names_the_district(district: District, words: str) -> bool:
    return any(_contains(words, name) for name in [district.name, *district.schools.values_list("name", flat=True)])


def as_dicts(findings: list[Finding]) -> list[dict]:
    return [finding.as_dict() for finding in findings]
