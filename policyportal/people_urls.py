from django.urls import path

from policyportal import people_views

urlpatterns = [
    path("", people_views.people, name="people"),
    path("new/", people_views.person_new, name="person_new"),
    path("<int:pk>/", people_views.person_edit, name="person_edit"),
    path("<int:pk>/deactivate/", people_views.person_deactivate, name="person_deactivate"),
    path("<int:pk>/reactivate/", people_views.person_reactivate, name="person_reactivate"),
    path("<int:pk>/invite/", people_views.person_invite, name="person_invite"),
    path("<int:pk>/records-officer/", people_views.person_records_officer, name="person_records_officer"),
]
