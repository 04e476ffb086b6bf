from django.urls import path

from policyportal.directory import views

app_name = "staff_import"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:pk>/", views.preview, name="preview"),
    path("<int:pk>/confirm", views.confirm, name="confirm"),
    path("<int:pk>/result", views.result, name="result"),
    path("<int:pk>/discard", views.discard, name="discard"),
]
