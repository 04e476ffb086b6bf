"""With DEBUG on (`make run`), a page that is not there still gets the portal's own 404 page: Django's debug
page would list every URL of the portal to whoever typed a wrong address. Errors keep Django's debug page."""

from django.conf import settings
from django.http import Http404
from django.views.defaults import page_not_found


class PortalNotFoundMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.DEBUG and response.status_code == 404:
            return page_not_found(request, Http404())
        return response
