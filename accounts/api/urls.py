"""Routes of the accounts API."""

from rest_framework.routers import SimpleRouter

from accounts.api.views import ApiTokenViewSet

router = SimpleRouter(trailing_slash=True)
router.register("auth/tokens", ApiTokenViewSet, basename="api-token-owned")

urlpatterns = router.urls
