"""The post pre-check: what in a planned post the district's rules would object to, each finding citing its
clause. It reads the post and stores nothing: only a post the employee chooses to send to their supervisor
is ever saved (as a consultation).
"""

import importlib.resources
import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import cache

from policyportal.models import District, User
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
    clause_ids: str
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


def check_post(*, author: User, text: str, links: str, site: Site | None) -> list[Finding]:
    """Findings for a planned post on `site` (a district site of the author's) or, if None, a personal account."""
    words = normalise(text)
    findings: list[Finding] = []
    on_district_site = site is not None
    for student in _objections(author.district, site):
        for name in _names(student):
            if _contains(words, name):
                clauses = "R14-D7" if on_district_site else "R14-D7, WH-P5"
                findings.append(
                    Finding(clauses, "Names a student whose parent objected to directory information.", name)
                )
                break
    profane = [word for word in profanity_list() if _contains(words, word)]
    if profane:
        findings.append(Finding("R14-D3b, R14-D4, WH-P4", "Uses profane or obscene language.", ", ".join(profane[:5])))
    commercial = [phrase for phrase in COMMERCIAL if _contains(words, phrase)]
    if commercial:
        clauses = "WH-D10, R14-D9" if on_district_site else "WH-P3"
        findings.append(
            Finding(clauses, "Reads as commercial, political, fundraising or solicitation.", ", ".join(commercial))
        )
    harassing = [phrase for phrase in HARASSING if _contains(words, phrase)]
    if harassing:
        clauses = "R14-D4, WH-P4" if on_district_site else "R14-P9, WH-P4"
        findings.append(Finding(clauses, "May read as harassing, abusive or threatening.", ", ".join(harassing)))
    findings += _link_findings(author, f"{text}\n{links}", site)
    if (
        not on_district_site
        and _names_the_district(author.district, words)
        and not any(_contains(words, phrase) for phrase in DISCLAIMERS)
    ):
        findings.append(
            Finding("R14-P2, WH-D11", "Names the district without saying the views are your own.", author.district.name)
        )
    return findings


def _link_findings(author: User, text: str, site: Site | None) -> list[Finding]:
    """From a district site, any link off that site (WH-D9, R14-D8); from a personal account, any link to a
    district-sponsored site (WH-P6, R14-P4)."""
    district_sites = list(Site.objects.filter(district=author.district).exclude(url="").values_list("url", flat=True))
    findings = []
    for url in sorted(set(URL.findall(text))):
        if site is not None and not (site.url and url.startswith(site.url)):
            findings.append(Finding("WH-D9, R14-D8", "Links from a district site to another site.", url))
        elif site is None and any(url.startswith(known) for known in district_sites):
            findings.append(Finding("WH-P6, R14-P4", "Links a personal post to a district site.", url))
    return findings


def _names_the_district(district: District, words: str) -> bool:
    return any(_contains(words, name) for name in [district.name, *district.schools.values_list("name", flat=True)])


def as_dicts(findings: list[Finding]) -> list[dict]:
    return [finding.as_dict() for finding in findings]
