"""Public routes, mounted at /apply/ beside the portal's information page (portal:apply)."""
from django.urls import path

from .intake import public_views

app_name = "apply"
urlpatterns = [
    path("new/", public_views.new, name="new"),
    path("new/done/", public_views.done, name="done"),
    path("new/receipt.pdf", public_views.receipt, name="receipt"),
    path("status/", public_views.status, name="status"),
    path("status/letters/<slug:slug>.pdf", public_views.status_letter, name="status_letter"),
]
