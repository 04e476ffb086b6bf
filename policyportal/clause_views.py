from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from policyportal import rules, selectors


@require_GET
def clause_support(request):
    """For administrators: every clause of the district's regulation, what enforces it, and its live figures."""
    if not rules.administers(request.user):
        raise PermissionDenied("How the portal supports each clause is for district administrators.")
    version = selectors.current_policy(request.user.district_id)
    clauses = selectors.clause_support_of(version, timezone.now()) if version else []
    return render(request, "policyportal/clause_support.html", {"version": version, "clauses": clauses})
