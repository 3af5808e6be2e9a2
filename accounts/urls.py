"""Web routes of sign-in: the second factor and the audited password change."""

from django.urls import path

from accounts import views

urlpatterns = [
    path("accounts/two-factor/", views.two_factor, name="two-factor"),
    path("accounts/two-factor/remove/", views.two_factor_remove, name="two-factor-remove"),
]
