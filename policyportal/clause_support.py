"""How the portal supports each clause of a district's regulation: what each app registers, and what the
administrators' clause page asks of them.

A clause is supported by the items of the district's policy version that cite it (data: a checklist item, a
promise, an acknowledgment statement, a pre-check rule, a violation category or outcome) and by workflows the
code enforces whatever the data says (the approval chain, monitoring reminders, who sees every site). The core
may not import the apps built on it, so each app registers, from its AppConfig.ready, as it registers its
reminder sweeps and open work:

- `register_workflow(name, how, clause_ids, figures=...)`: a workflow of its own, the clauses it enforces, and
  its live figures;
- `register_item_figures(applies_to, figures)`: the live figures of the items of one kind, per clause they cite.

A figure function reads with a fixed number of queries, whatever the district's size: the page asks each once.
"""

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from policyportal.models import ChecklistItem, District, PolicyVersion

TITLES = Path(__file__).resolve().parent / "policy_templates" / "clauses"


@dataclass(frozen=True)
class Figure:
    label: str
    value: int
    out_of: int | None = None


@dataclass(frozen=True)
class Period:
    """What the figures count over: this year and this month in the district's own dates, up to `now`."""

    district: District
    version: PolicyVersion
    now: datetime
    year_start: datetime
    month_start: datetime

    @classmethod
    def of(cls, version: PolicyVersion, now: datetime) -> "Period":
        district = version.district
        zone = ZoneInfo(district.time_zone)
        today = district.today(now)
        return cls(
            district=district,
            version=version,
            now=now,
            year_start=datetime.combine(today.replace(month=1, day=1), time(), zone),
            month_start=datetime.combine(today.replace(day=1), time(), zone),
        )


WorkflowFigures = Callable[[Period], list[Figure]]
ItemFigures = Callable[[Period, Sequence[ChecklistItem]], dict[str, list[Figure]]]


@dataclass(frozen=True)
class Workflow:
    name: str
    how: str
    clause_ids: tuple[str, ...]
    figures: WorkflowFigures


_WORKFLOWS: dict[str, Workflow] = {}
_ITEM_FIGURES: dict[str, ItemFigures] = {}


def register_workflow(name: str, how: str, clause_ids: Sequence[str], figures: WorkflowFigures) -> None:
    _WORKFLOWS[name] = Workflow(name, how, tuple(clause_ids), figures)


def register_item_figures(applies_to: str, figures: ItemFigures) -> None:
    _ITEM_FIGURES[applies_to] = figures


def workflows() -> list[Workflow]:
    return list(_WORKFLOWS.values())


def item_figures() -> dict[str, ItemFigures]:
    return dict(_ITEM_FIGURES)


def regulation_of(clause_id: str) -> str:
    """The regulation's letters a clause id starts with: `R14` of R14-D3f."""
    return clause_id.partition("-")[0]


@cache
def clause_titles() -> dict[str, str]:
    """Each known regulation's clauses in the regulation's order, with their paraphrase (data beside the
    policy templates, one file per regulation)."""
    titles: dict[str, str] = {}
    for path in sorted(TITLES.glob("*.json")):
        titles.update(json.loads(path.read_text(encoding="utf-8"))["clauses"])
    return titles


@dataclass(frozen=True)
class ClauseSupport:
    """One clause of the district's regulation: what enforces it, and its figures."""

    clause_id: str
    title: str
    items: list[ChecklistItem]
    workflows: list[Workflow]
    figures: list[Figure]

    @property
    def is_supported(self) -> bool:
        return bool(self.items or self.workflows)
