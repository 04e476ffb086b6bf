from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audits.selectors import events_visible_to

PAGE_SIZE = 50


@require_GET
def event_list(request):
    if not request.user.is_district_admin:
        raise PermissionDenied("The audit trail is for district administrators.")
    events = events_visible_to(request.user).select_related("actor")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audits/event_list.html", {"page": page})
