"""Workbench routes, mounted at /work/applications/."""
from django.urls import path

from . import queue_views, views

app_name = "applications"
urlpatterns = [
    path("", queue_views.application_list, name="list"),
    path("new/", views.register, name="register"),
    path("new/done/", views.registered, name="registered"),
    path("new/receipt.pdf", views.registered_receipt, name="registered_receipt"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/receipt.pdf", views.receipt, name="receipt"),
    path("<int:pk>/supplement/", views.request_supplement, name="request_supplement"),
    path("<int:pk>/supplemented/", views.receive_supplement, name="receive_supplement"),
    path("<int:pk>/pauses/", views.start_pause, name="start_pause"),
    path("<int:pk>/pauses/<int:pause_pk>/end/", views.end_pause, name="end_pause"),
    path("<int:pk>/extension/", views.request_extension, name="request_extension"),
    path("<int:pk>/extension/approve/", views.approve_extension, name="approve_extension"),
    path("<int:pk>/decision/", views.decide, name="decide"),
    path("<int:pk>/letters/<slug:slug>.<slug:fmt>", views.letter, name="letter"),
]
