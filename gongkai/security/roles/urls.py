"""安全管理员's role grants; a unit admin's own-unit accounts."""
from django.urls import path

from . import views

app_name = "roles"
urlpatterns = [
    path("", views.index, name="index"),
    path("users/<int:pk>/grant/", views.grant, name="grant"),
    path("users/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("unit/accounts/new/", views.unit_account_create, name="unit_account_create"),
    path("unit/accounts/<int:pk>/disable/", views.unit_account_disable, name="unit_account_disable"),
]
