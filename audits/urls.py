from django.urls import path

from audits import views

app_name = "audits"
urlpatterns = [
    path("", views.event_list, name="events"),
    path("<int:pk>/", views.event_detail, name="event"),
    path("verify/", views.verify, name="verify"),
]
