from django.urls import path

from requests import views

app_name = "requests"
urlpatterns = [
    path("", views.my_requests, name="mine"),
    path("new/", views.edit, name="new"),
    path("waiting/", views.waiting, name="waiting"),
    path("all/", views.district_requests, name="district"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/reassign/", views.reassign, name="reassign"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/permission/", views.permission, name="permission"),
    path("<int:pk>/permission.pdf", views.permission_pdf, name="permission_pdf"),
]
