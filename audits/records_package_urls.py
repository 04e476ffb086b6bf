"""The records-request packages' pages, under /records/packages/ (namespace `records_packages`). Apart from the
records office's own pages (policyportal.records.urls) because a package reads every app: it is a report."""

from django.urls import path

from audits import records_package_views as views

app_name = "records_packages"
urlpatterns = [
    path("", views.packages, name="packages"),
    path("new/", views.package_new, name="package_new"),
    path("<int:pk>/", views.package, name="package"),
    path("<int:pk>/progress", views.package_progress, name="package_progress"),
    path("<int:pk>/download", views.package_download, name="package_download"),
]
