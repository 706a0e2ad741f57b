from django.urls import path

from backchannel.api import api
from backchannel.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("api/", api.urls),
]
