"""Routes of single sign-on (they answer 404 while no provider is configured)."""

from django.urls import path

from accounts.sso import views

urlpatterns = [
    path("accounts/sso/start/", views.SsoStartView.as_view(), name="sso-start"),
    path("accounts/sso/callback/", views.sso_callback, name="sso-callback"),
    path("accounts/sso/no-role/", views.sso_no_role, name="sso-no-role"),
]
