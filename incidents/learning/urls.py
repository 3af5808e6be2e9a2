"""Web routes of reviews, drills and trends."""

from django.urls import path

from incidents.learning import views

urlpatterns = [
    path("incidents/<str:reference>/review/", views.review_page, name="review-page"),
    path("drills/", views.drill_list_page, name="drill-list"),
    path("drills/<int:pk>/", views.drill_page, name="drill-page"),
    path("trends/", views.trends_page, name="trends-page"),
]
