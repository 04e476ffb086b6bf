from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from policyportal import selectors


@login_not_required
@require_GET
def accessibility_statement(request):
    return render(
        request, "policyportal/accessibility.html", {"districts": selectors.accessibility_contacts(request.user)}
    )
