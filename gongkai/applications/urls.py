"""Workbench routes, mounted at /work/applications/."""
from django.urls import path

from . import views

app_name = "applications"
urlpatterns = [
    path("", views.application_list, name="list"),
    path("new/", views.register, name="register"),
    path("new/done/", views.registered, name="registered"),
    path("new/receipt.pdf", views.registered_receipt, name="registered_receipt"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/receipt.pdf", views.receipt, name="receipt"),
    path("<int:pk>/supplement/", views.request_supplement, name="request_supplement"),
    path("<int:pk>/supplemented/", views.receive_supplement, name="receive_supplement"),
]
