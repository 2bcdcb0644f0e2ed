"""Matching's URLs (gathered by jobs/urls.py): the worker's page, the officer's, the API."""

from django.urls import path

from jobs.matching import api, views

urlpatterns = [
    path("viec-lam/phu-hop/<uuid:public_id>/", views.worker_matches, name="matches"),
    path("can-bo/viec-lam/phu-hop/<uuid:public_id>/", views.staff_matches, name="staff_matches"),
    path(
        "api/v1/jobs/claims/<uuid:claim_id>/matches/", api.MatchesView.as_view(), name="api-matches"
    ),
]
