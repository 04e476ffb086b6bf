from django.urls import include, path

from sites import review_views, views, violation_views

app_name = "sites"
urlpatterns = [
    path("", views.registry, name="registry"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/activate/", views.activate, name="activate"),
    path("<int:pk>/checks/", views.log_check, name="log_check"),
    path("<int:pk>/transfer/", views.transfer_offer, name="transfer_offer"),
    path("<int:pk>/transfer/accept/", views.transfer_accept, name="transfer_accept"),
    path("<int:pk>/<str:how>/", views.end, name="end"),
    path("<int:pk>/reviews/start/", review_views.start, name="review_start"),
    path("reviews/<int:pk>/", review_views.review, name="review"),
    path("reviews/<int:pk>/evidence/", review_views.attach, name="review_attach"),
    path("evidence/<int:pk>/", review_views.evidence, name="evidence"),
    path("findings/<int:pk>/fixed/", views.finding_fixed, name="finding_fixed"),
    path("findings/<int:pk>/verify/", views.finding_verify, name="finding_verify"),
    path("findings/<int:pk>/reopen/", views.finding_reopen, name="finding_reopen"),
    path("", include("sites.personal.urls")),  # the pre-check, questions about posts, the roster
    path("violations/", violation_views.violations, name="violations"),
    path("violations/new/", violation_views.report, name="report_violation"),
    path("violations/<int:pk>/", violation_views.violation, name="violation"),
    path("violations/<int:pk>/resolve/", violation_views.resolve, name="violation_resolve"),
]
