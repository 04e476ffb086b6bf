"""The demo's records office (steps of `seed_demo`): each district's administrator names themselves its records
officer, and sets a few retention periods; the other kinds stay kept until a period is set. `policyportal.demo`
registers these steps, as the core app's own."""

from policyportal.demo_clock import Step
from policyportal.models import User
from policyportal.records.services import records_officer_set, retention_schedule_set

AUTHORITY = "Connecticut State Library retention schedules"

# the officer's username -> (kind, counted from, years, months)
DEMO_SCHEDULES = {
    "wh.admin": [
        ("requests", "decided", 3, 0),
        ("site_files", "retired", 3, 0),
        ("monitoring", "checked", 1, 0),
        ("violations", "resolved", 3, 0),
    ],
    "r14.admin": [
        ("site_files", "retired", 5, 0),
        ("notifications", "sent", 1, 0),
        ("acknowledgments", "signed", 6, 0),
    ],
}
DAYS_AGO = 40


def records_steps() -> list[Step]:
    steps: list[Step] = []
    for username, schedules in DEMO_SCHEDULES.items():
        officer = User.objects.select_related("district").get(username=username)
        if officer.is_records_officer:
            continue  # seeded already

        def appoint(officer=officer, schedules=schedules) -> int:
            records_officer_set(person=officer, value=True, by=officer)
            for kind, starts, years, months in schedules:
                retention_schedule_set(
                    district=officer.district,
                    kind=kind,
                    starts=starts,
                    years=years,
                    months=months,
                    authority=AUTHORITY,
                    by=officer,
                )
            return 1 + len(schedules)

        steps.append((DAYS_AGO, appoint))
    return steps
