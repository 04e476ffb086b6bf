"""The portal's URLs and one more, for the benchmark only: a signed-in page with nothing on it. Its time is
what every page pays before its own work (Django's request cycle, the session, the user, the navigation
and the base template), and its SQL floor is those few queries."""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from policyportal.urls import urlpatterns as portal


@require_GET
def frame_only(request):
    return render(request, "base.html")


urlpatterns = [path("bench/frame/", frame_only), *portal]
