"""URL routes: web UI, REST API v1, its schema and docs, admin and health."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from accounts.sso.pages import SignInView
from accounts.sso.views import SignOutView
from accounts.views import AuditedPasswordChangeView
from config.api_docs import redoc_bundle
from config.api_root import ApiRootView
from config.auth_api import TokenObtainView
from config.health import healthz

# Form pages answer GET and POST only (Django's form views would also take PUT).
FORM_METHODS = ["get", "post", "head", "options"]

api_v1 = [
    path("", ApiRootView.as_view(), name="api-root"),
    path("auth/token/", TokenObtainView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file, as the CSP forbids inline ones.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("redoc/redoc.standalone.js", redoc_bundle, name="api-redoc-bundle"),
    path("", include("accounts.api.urls")),
    path("", include("incidents.api.urls")),
    path("", include("compliance.api.urls")),
    path("", include("notifications.api.urls")),
    path("", include("intake.api.urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        SignInView.as_view(http_method_names=FORM_METHODS),
        name="login",
    ),
    path("accounts/logout/", SignOutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        AuditedPasswordChangeView.as_view(
            success_url="/accounts/password/done/", http_method_names=FORM_METHODS
        ),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("", include("accounts.urls")),
    path("api/v1/", include(api_v1)),
    path("", include("compliance.urls")),
    path("", include("notifications.urls")),
    path("", include("intake.urls")),
    path("", include("incidents.urls")),
]

handler404 = "config.error_views.page_not_found"
handler500 = "config.error_views.server_error"
