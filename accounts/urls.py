"""Web routes of sign-in: the second factor, the audited password change, single sign-on."""

from django.urls import include, path

from accounts import views

urlpatterns = [
    path("accounts/two-factor/", views.two_factor, name="two-factor"),
    path("accounts/two-factor/remove/", views.two_factor_remove, name="two-factor-remove"),
    path("", include("accounts.sso.urls")),
]
