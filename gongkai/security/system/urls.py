"""系统管理员's console."""
from django.urls import path

from . import views

app_name = "system"
urlpatterns = [
    path("", views.index, name="index"),
    path("accounts/new/", views.account_create, name="account_create"),
    path("accounts/<int:pk>/disable/", views.account_active, {"active": False}, name="account_disable"),
    path("accounts/<int:pk>/enable/", views.account_active, {"active": True}, name="account_enable"),
    path("accounts/<int:pk>/reset-password/", views.account_reset, name="account_reset"),
]
