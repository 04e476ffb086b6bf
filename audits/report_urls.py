"""The reports' pages, under /reports/ (namespace `reports`). Apart from audits.urls, the audit log's own
pages, because the reports read every app and the audit log reads none."""

from django.urls import path

from audits import report_views

app_name = "reports"
urlpatterns = [
    path("", report_views.dashboard, name="dashboard"),
    path("sites/<int:pk>/file.pdf", report_views.site_file, name="site_file"),
    path("<slug:slug>/", report_views.report, name="report"),
]
