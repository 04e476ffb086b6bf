"""The demo districts' schools and people (passwords are the README's DEMO_PASSWORD), and the registry of
every app's demo history.

The core seeds the people; each app's own `demo` module adds its history with `register_history`, and
`seed_demo` finds those modules the way the admin finds admin.py (autodiscover_modules), so the core never
imports the apps built on it.
"""

from collections.abc import Callable

from policyportal.demo_clock import Step
from policyportal.models import Role
from policyportal.records.demo import records_steps

History = Callable[[], list[Step]]
_HISTORIES: list[History] = []


def register_history(history: History) -> History:
    """Add an app's demo history to `seed_demo`: a function returning the steps not seeded yet. A decorator
    in each app's demo module; steps of the same day run in the order the apps are installed."""
    if history not in _HISTORIES:
        _HISTORIES.append(history)
    return history


def history_steps() -> list[Step]:
    """Every registered app's steps not seeded yet (each app's demo module must have been imported)."""
    return [step for history in _HISTORIES for step in history()]


DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 (published in the README for the demo)
# The installation's operator: creates districts and invites their first administrator, sees no district's records.
DEMO_OPERATOR = ("operator", "Olivia", "Park", "operator@portal.example.org")

# (username, first, last, title, role, school or None for the district office, supervisor's username)
DEMO = {
    "west-hartford": {
        "schools": ["Hall High School", "King Philip Middle School", "Bugbee Elementary School"],
        "email_domain": "westhartford.example.org",
        "people": [
            ("wh.admin", "Margaret", "Chen", "Director of Communications", Role.DISTRICT_ADMIN, None, None),
            ("wh.principal", "David", "Okafor", "Principal", Role.SUPERVISOR, "Hall High School", "wh.admin"),
            (
                "wh.kp.principal",
                "Sarah",
                "Lindqvist",
                "Principal",
                Role.SUPERVISOR,
                "King Philip Middle School",
                "wh.admin",
            ),
            ("wh.coach", "Tom", "Ricci", "Head Soccer Coach", Role.EMPLOYEE, "Hall High School", "wh.principal"),
            (
                "wh.teacher",
                "Priya",
                "Natarajan",
                "Robotics Club Advisor",
                Role.EMPLOYEE,
                "Hall High School",
                "wh.principal",
            ),
            (
                "wh.band",
                "Elena",
                "Morales",
                "Band Director",
                Role.EMPLOYEE,
                "King Philip Middle School",
                "wh.kp.principal",
            ),
        ],
    },
    "region-14": {
        "schools": ["Nonnewaug High School", "Woodbury Middle School", "Mitchell Elementary School"],
        "email_domain": "region14.example.org",
        "people": [
            ("r14.admin", "Robert", "Hale", "Assistant Superintendent", Role.DISTRICT_ADMIN, None, None),
            ("r14.principal", "Jennifer", "Walsh", "Principal", Role.SUPERVISOR, "Nonnewaug High School", "r14.admin"),
            (
                "r14.wms.principal",
                "Kevin",
                "O'Brien",
                "Principal",
                Role.SUPERVISOR,
                "Woodbury Middle School",
                "r14.admin",
            ),
            ("r14.teacher", "Marcus", "Bell", "FFA Advisor", Role.EMPLOYEE, "Nonnewaug High School", "r14.principal"),
            (
                "r14.coach",
                "Aisha",
                "Grant",
                "Cross Country Coach",
                Role.EMPLOYEE,
                "Nonnewaug High School",
                "r14.principal",
            ),
            (
                "r14.art",
                "Hannah",
                "Kim",
                "Art Club Advisor",
                Role.EMPLOYEE,
                "Woodbury Middle School",
                "r14.wms.principal",
            ),
        ],
    },
}


# The records office is part of the core app, so `seed_demo` finds no module of its own: its history registers here.
register_history(records_steps)
