"""The account pages (/accounts/): log-in, one-time password, password change, the audit log."""
from django.contrib.auth import views as auth_views
from django.urls import path

from gongkai.units import views

from . import auth_views as security_views

app_name = "accounts"
urlpatterns = [
    path("login/", security_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("otp/", security_views.verify, name="otp"),
    path("otp/setup/", security_views.setup, name="otp_setup"),
    path("otp/backup-codes/", security_views.backup_codes, name="otp_backup_codes"),
    path("password/", security_views.password_change, name="password_change"),
    path("audit/", views.audit_log, name="audit"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
]
