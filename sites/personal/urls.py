"""Personal use's pages in the `sites` namespace (`sites/urls.py` includes them): the pre-check, questions
about posts, the directory-objection roster."""

from django.urls import path

from sites.personal import post_views, roster_purge_views, roster_views

urlpatterns = [
    path("check-a-post/", post_views.check_post, name="precheck"),
    path("questions/", post_views.consultation_list, name="consultations"),
    path("questions/<int:pk>/", post_views.consultation, name="consultation"),
    path("roster/", roster_views.roster_list, name="roster"),
    path("roster/preview/", roster_views.roster_preview, name="roster_preview"),
    path("roster/import/", roster_views.roster_confirm, name="roster_import"),
    path("roster/purge/", roster_purge_views.roster_purge, name="roster_purge"),
]
