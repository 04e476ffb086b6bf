"""The only code that reads staff imports for a user: a district's administrators see its imports, nobody else."""

from django.db.models import QuerySet
from django.http import Http404

from policyportal.directory import rules
from policyportal.models import StaffImport, User


def staff_imports_for(user: User) -> QuerySet[StaffImport]:
    """The imports a person may see, newest first, without their rows and plans (a list never needs them)."""
    return (
        StaffImport.objects.filter(rules.staff_imports_seen_by(user))
        .defer("rows", "plan")
        .select_related("uploaded_by", "applied_by")
    )


def staff_import_get_for_user(user: User, pk: int) -> StaffImport:
    """One import with its plan (not its rows: the service reads those when it applies)."""
    found = (
        StaffImport.objects.filter(rules.staff_imports_seen_by(user), pk=pk)
        .defer("rows")
        .select_related("district", "uploaded_by", "applied_by")
        .first()
    )
    if found is None:
        raise Http404("No such import.")
    return found


def staff_import_follow_up(staff_import: StaffImport) -> StaffImport | None:
    """The preview of the leavers an applied import left for confirmation, if any."""
    return staff_import.follow_ups.defer("rows", "plan").order_by("-pk").first()
