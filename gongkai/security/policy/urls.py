"""policy console: 安全管理员's 身份鉴别 policy, unlocks and second-factor resets."""
from django.urls import path

from . import views

app_name = "policy"
urlpatterns = [
    path("", views.index, name="index"),
    path("unlock/", views.unlock, name="unlock"),
    path("users/<int:pk>/otp-reset/", views.otp_reset, name="otp_reset"),
]
