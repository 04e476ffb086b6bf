"""The acknowledgment pages, under the district's rules (`rules/`, included by the project's urls) and
named without a namespace, as links and reminders have always named them."""

from django.urls import path

from sites.personal import acknowledgment_views

urlpatterns = [
    path("acknowledge/", acknowledgment_views.acknowledge, name="acknowledge"),
    path("acknowledgments/", acknowledgment_views.acknowledgment_report, name="acknowledgment_report"),
]
