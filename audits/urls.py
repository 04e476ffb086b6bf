from django.urls import path

from audits import report_views, views

app_name = "audits"
urlpatterns = [
    path("", views.event_list, name="events"),
    path("<int:pk>/", views.event_detail, name="event"),
    path("verify/", views.verify, name="verify"),
]

reports_patterns = (
    [
        path("", report_views.dashboard, name="dashboard"),
        path("sites/<int:pk>/file.pdf", report_views.site_file, name="site_file"),
        path("<slug:slug>/", report_views.report, name="report"),
    ],
    "reports",
)
