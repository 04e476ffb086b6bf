from django.urls import path

from policyportal.records import disposal_views, views

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
    path("disposal/", disposal_views.waiting_list, name="disposal"),
    path("disposal/lists/", disposal_views.past_lists, name="disposal_lists"),
    path("disposal/lists/<int:pk>/", disposal_views.past_list, name="disposal_list"),
    path("disposal/lists/<int:pk>/approve/", disposal_views.approve, name="disposal_approve"),
]
