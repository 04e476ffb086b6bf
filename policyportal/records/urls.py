from django.urls import path

from policyportal.records import views

app_name = "records"
urlpatterns = [
    path("", views.home, name="home"),
    path("schedules/", views.schedules, name="schedules"),
    path("schedules/<slug:kind>/", views.schedule_edit, name="schedule_edit"),
    path("schedules/<slug:kind>/remove/", views.schedule_remove, name="schedule_remove"),
    path("holds/", views.holds, name="holds"),
    path("holds/new/", views.hold_new, name="hold_new"),
    path("holds/<int:pk>/", views.hold, name="hold"),
    path("holds/<int:pk>/lift/", views.hold_lift, name="hold_lift"),
]
