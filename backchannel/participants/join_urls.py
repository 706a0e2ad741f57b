"""The public pages of an invitation (no login needed, no namespace)."""

from django.urls import path

from backchannel.participants import invitation_views

urlpatterns = [
    path("join/", invitation_views.join, name="join"),
    path("join/accept/", invitation_views.join_accept, name="join-accept"),
    path("join/<str:code>/", invitation_views.join_code, name="join-code"),
]
