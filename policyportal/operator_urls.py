from django.urls import path

from policyportal import operator_views

app_name = "operator"

urlpatterns = [
    path("", operator_views.home, name="home"),
    path("districts/new/", operator_views.district_new, name="district_create"),
    path("districts/<slug:slug>/administrator/", operator_views.administrator_invite, name="administrator_invite"),
]
