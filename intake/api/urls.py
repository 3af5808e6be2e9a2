"""Alert API routes under /api/v1/intake/."""

from rest_framework.routers import SimpleRouter

from intake.api.views import AlertSourceViewSet, AlertViewSet, FeedViewSet

router = SimpleRouter()
router.register("intake/alerts", AlertViewSet, basename="alert")
router.register("intake/sources", AlertSourceViewSet, basename="alert-source")
router.register("intake/feeds", FeedViewSet, basename="feed")
urlpatterns = router.urls
