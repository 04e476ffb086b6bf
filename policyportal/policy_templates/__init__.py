"""Policy templates: the rules a district starts from, as data files beside this module (`<name>.json`).

A template holds the regulation's title and source, a line about it for the operator choosing one, the district
defaults it suggests (the approval chain and the like), and its items, in order: where each applies
(`request_attestation`, `site_review`, `acknowledgment`, or, acted on by a code in `key`: `post_precheck`,
`violation_category`, `violation_outcome`), the clause id it cites, its text and guidance.
The two real regulations also name their own district (`district`: name, slug, time zone), which every
installation starts with (migration 0002 through `policyportal.bootstrap`).

This module reads and checks the files and nothing else: no models, so the data migration can use it with
historical models. A bad file is refused whole, with its name and the item at fault.
"""

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import available_timezones

DIRECTORY = Path(__file__).resolve().parent

# The same values as policyportal.models' AppliesTo and ApprovalChain (a test holds them alike): kept here so
# that reading a template needs no models.
APPLIES_TO = (
    "request_attestation",
    "site_review",
    "acknowledgment",
    "post_precheck",
    "violation_category",
    "violation_outcome",
)
KEYED = ("post_precheck", "violation_category", "violation_outcome")
# A report is filed under one category and resolved with one outcome, named by its key: one item per key.
ONE_PER_KEY = ("violation_category", "violation_outcome")
KEY = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
APPROVAL_CHAINS = ("supervisor", "supervisor_then_district")
# The district settings a template may suggest, and a check of each value.
DEFAULTS: dict[str, tuple[str, Any]] = {
    "approval_chain": ("one of " + ", ".join(APPROVAL_CHAINS), lambda value: value in APPROVAL_CHAINS),
    **{
        name: ("a whole number of days from 1 to 366", lambda value: type(value) is int and 1 <= value <= 366)
        for name in (
            "monitoring_cadence_days",
            "review_cadence_days",
            "decision_deadline_days",
            "escalation_grace_days",
            "finding_due_days",
            "acknowledgment_days",
        )
    },
}
# A regulation's prefix, a dash, the clause (letters and a number, perhaps a letter after): WH-D4, R14-D3b,
# LOCAL-D1. ChecklistItem.clause_id holds 16 characters.
CLAUSE_ID = re.compile(r"^[A-Z][A-Z0-9]{0,7}-[A-Z]*[0-9]+[a-z]?$")
NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG = NAME


class TemplateError(ValueError):
    """A template file that cannot be used: the message names the file and what is wrong in it."""


class UnknownTemplate(LookupError):
    pass


@dataclass(frozen=True)
class Item:
    applies_to: str
    clause_id: str
    text: str
    guidance: str = ""
    key: str = ""

    def as_dict(self) -> dict[str, str]:
        """The item's fields; `key` only where it has one (a migration's model may have no such field)."""
        return {
            "applies_to": self.applies_to,
            "clause_id": self.clause_id,
            **({"key": self.key} if self.key else {}),
            "text": self.text,
            "guidance": self.guidance,
        }


@dataclass(frozen=True)
class PolicyTemplate:
    name: str  # the file's name without .json: what `--policy` and the operator's form choose
    title: str
    source: str
    about: str
    defaults: dict[str, Any]
    items: tuple[Item, ...]
    district: dict[str, str] | None = None  # the regulation's own district, for the two real regulations

    def counts(self) -> dict[str, int]:
        """How many items apply where, for every place (0 where none)."""
        found = Counter(item.applies_to for item in self.items)
        return {applies_to: found[applies_to] for applies_to in APPLIES_TO}

    def positioned_items(self) -> list[tuple[int, Item]]:
        """Each item with its position among the items that apply where it does (1, 2, ...), in file order."""
        positions: Counter = Counter()
        numbered = []
        for item in self.items:
            positions[item.applies_to] += 1
            numbered.append((positions[item.applies_to], item))
        return numbered


def names(directory: Path = DIRECTORY) -> list[str]:
    """The templates there are, by name, in alphabetical order."""
    return sorted(path.stem for path in directory.glob("*.json"))


def load(name: str, directory: Path = DIRECTORY) -> PolicyTemplate:
    """The template `name`, read and checked. Raises UnknownTemplate or TemplateError."""
    if not isinstance(name, str) or not NAME.match(name) or not (directory / f"{name}.json").is_file():
        known = ", ".join(names(directory)) or "none"
        raise UnknownTemplate(f"There is no policy template named {name!r}. The templates are: {known}.")
    return read(directory / f"{name}.json")


def available(directory: Path = DIRECTORY) -> list[PolicyTemplate]:
    """Every template, checked (one bad file is an error, not a gap in the list)."""
    return [read(directory / f"{name}.json") for name in names(directory)]


def read(path: Path) -> PolicyTemplate:
    where = path.name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise TemplateError(f"{where}: not UTF-8 text ({error.reason} at byte {error.start}).") from error
    except json.JSONDecodeError as error:
        raise TemplateError(
            f"{where}: not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}."
        ) from error
    return parse(data, name=path.stem, where=where)


def parse(data: Any, *, name: str, where: str) -> PolicyTemplate:
    """Check a template's data (as read from its JSON file) and return it. `where` names it in errors."""
    if not isinstance(data, dict):
        raise TemplateError(f"{where}: the file must hold one JSON object.")
    _only(data, {"title", "source", "about", "district", "defaults", "items"}, where)
    title = _text(data, "title", where, max_length=200)
    source = _text(data, "source", where, max_length=200)
    about = _text(data, "about", where, required=False)
    district = _district(data.get("district"), where) if "district" in data else None
    defaults = _defaults(data.get("defaults", {}), where)
    raw_items = data.get("items")
    if not isinstance(raw_items, list) or not raw_items:
        raise TemplateError(f"{where}: 'items' must be a list with at least one item.")
    items = tuple(_item(raw, f"{where}, item {number}") for number, raw in enumerate(raw_items, start=1))
    for kind, needed_for in (
        ("site_review", "reviews would check nothing"),
        ("violation_category", "violations could not be reported"),
        ("violation_outcome", "violations could not be resolved"),
    ):
        if not any(item.applies_to == kind for item in items):
            raise TemplateError(f"{where}: at least one item must apply to {kind!r}, or {needed_for}.")
    if repeated := repeated_key((item.applies_to, item.key) for item in items):
        raise TemplateError(f"{where}: {repeated}")
    return PolicyTemplate(
        name=name, title=title, source=source, about=about, defaults=defaults, items=items, district=district
    )


def repeated_key(kinds_and_keys: Iterable[tuple[str, str]]) -> str:
    """Why items (each given as its `applies_to` and `key`) are refused for giving a violation category's or
    outcome's key twice, or "" if they do not."""
    seen = set()
    for applies_to, key in kinds_and_keys:
        if applies_to in ONE_PER_KEY:
            if (applies_to, key) in seen:
                kind = applies_to.replace("_", " ")
                return f"the {kind} {key!r} is given twice; a report is filed or resolved under one item per code."
            seen.add((applies_to, key))
    return ""


def _only(data: dict, allowed: set[str], where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise TemplateError(f"{where}: unknown key {unknown[0]!r} (expected: {', '.join(sorted(allowed))}).")


def _text(data: dict, key: str, where: str, *, required: bool = True, max_length: int | None = None) -> str:
    value = data.get(key, None if required else "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise TemplateError(f"{where}: {key!r} must be {'a non-empty' if required else 'a'} string.")
    if max_length is not None and len(value) > max_length:
        raise TemplateError(f"{where}: {key!r} is {len(value)} characters long; at most {max_length} fit.")
    return value


def _district(data: Any, where: str) -> dict[str, str]:
    where = f"{where}, district"
    if not isinstance(data, dict):
        raise TemplateError(f"{where}: must be an object with name, slug and time_zone.")
    _only(data, {"name", "slug", "time_zone"}, where)
    district = {key: _text(data, key, where, max_length=200) for key in ("name", "slug", "time_zone")}
    if not SLUG.match(district["slug"]) or len(district["slug"]) > 60:
        raise TemplateError(f"{where}: slug {district['slug']!r} is not lowercase letters, digits and hyphens.")
    if district["time_zone"] not in available_timezones():
        raise TemplateError(f"{where}: {district['time_zone']!r} is not a known time zone.")
    return district


def _defaults(data: Any, where: str) -> dict[str, Any]:
    where = f"{where}, defaults"
    if not isinstance(data, dict):
        raise TemplateError(f"{where}: must be an object of district settings.")
    _only(data, set(DEFAULTS), where)
    for key, value in data.items():
        expected, valid = DEFAULTS[key]
        if not valid(value):
            raise TemplateError(f"{where}: {key!r} is {value!r}; it must be {expected}.")
    return dict(data)


def _item(data: Any, where: str) -> Item:
    if not isinstance(data, dict):
        raise TemplateError(f"{where}: must be an object with applies_to, clause_id, text and guidance.")
    clause_id = data.get("clause_id")
    if isinstance(clause_id, str):
        where = f"{where} ({clause_id})"
    _only(data, {"applies_to", "clause_id", "key", "text", "guidance"}, where)
    if data.get("applies_to") not in APPLIES_TO:
        raise TemplateError(
            f"{where}: 'applies_to' is {data.get('applies_to')!r}; it must be one of {', '.join(APPLIES_TO)}."
        )
    key = data.get("key", "")
    if data["applies_to"] in KEYED and (not isinstance(key, str) or len(key) > 40 or not KEY.match(key)):
        raise TemplateError(
            f"{where}: a {data['applies_to']} item needs a 'key' of lowercase letters, digits and underscores "
            f"(at most 40 characters), not {key!r}."
        )
    if data["applies_to"] not in KEYED and key != "":
        raise TemplateError(f"{where}: only {', '.join(KEYED)} items have a 'key'.")
    if not isinstance(clause_id, str) or len(clause_id) > 16 or not CLAUSE_ID.match(clause_id):
        raise TemplateError(
            f"{where}: 'clause_id' is {clause_id!r}; a clause id looks like WH-D4 or R14-D3b (at most 16 characters)."
        )
    return Item(
        applies_to=data["applies_to"],
        clause_id=clause_id,
        key=key,
        text=_text(data, "text", where, max_length=1000),
        guidance=_text(data, "guidance", where, required=False, max_length=1000),
    )
