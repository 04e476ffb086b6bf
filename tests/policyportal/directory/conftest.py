import pytest

from audits.models import AuditEvent
from policyportal.directory import services
from policyportal.models import School, StaffImport, User
from tests.policyportal.directory import files


@pytest.fixture
def directory():
    """The orgs and people of a small district's directory (tests change them, then write files)."""
    return files.district()


def snapshot(district) -> dict:
    """Everything an import may change, to show that a refused one changed nothing."""
    return {
        "people": sorted(
            User.objects.filter(district=district).values_list(
                "pk",
                "username",
                "email",
                "first_name",
                "last_name",
                "role",
                "school_id",
                "supervisor_id",
                "directory_id",
                "is_active",
            )
        ),
        "schools": sorted(School.objects.filter(district=district).values_list("pk", "name", "directory_id")),
        "memberships": sorted(
            User.schools.through.objects.filter(user__district=district).values_list("user_id", "school_id")
        ),
        "events": AuditEvent.objects.filter(district=district).count(),
    }


def import_files(district, by, found: dict[str, bytes], **options) -> StaffImport:
    """Preview and apply, as an administrator confirming the preview would."""
    staff_import = services.staff_import_preview(district=district, uploads=files.uploads(found), by=by)
    assert staff_import.status == "previewed", staff_import.plan.get("problems")
    return services.staff_import_apply(staff_import=staff_import, by=by, **options)


def person(district, directory_id: str) -> User:
    return User.objects.select_related("school", "supervisor").get(district=district, directory_id=directory_id)
