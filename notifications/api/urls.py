"""Routes of this app's API."""

urlpatterns: list = []
