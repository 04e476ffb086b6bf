"""Test data made through the portal's own services, so it carries its audit events like real data."""

import itertools

from policyportal import services
from policyportal.models import Role

PASSWORD = "correct-horse-battery-staple"
_numbers = itertools.count(1)


def school(*, district, name: str | None = None):
    return services.school_create(district=district, name=name or f"School {next(_numbers)}")


def user(*, district, username: str | None = None, role: str = Role.EMPLOYEE, **fields):
    number = next(_numbers)
    username = username or f"user{number}"
    return services.user_create(
        district=district,
        username=username,
        email=fields.pop("email", f"{username}@example.org"),
        first_name=fields.pop("first_name", "Pat"),
        last_name=fields.pop("last_name", f"Tester{number}"),
        role=role,
        password=PASSWORD,
        **fields,
    )
