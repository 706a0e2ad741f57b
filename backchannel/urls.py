from allauth.account import views as allauth_views
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import TemplateView

from backchannel.api import api
from backchannel.core import views as core_views
from backchannel.dashboard import urls as dashboard_urls
from backchannel.processes import urls as process_urls
from backchannel.processes import views as process_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("api/", api.urls),
    # Early: the public vote is the busiest URL there is.
    path("", include("backchannel.consultations.urls")),
    path("", process_views.home, name="home"),
    path("login/", allauth_views.login, name="login"),
    # No email here: allauth's reset-by-email form would be a dead end (and a
    # way to probe for usernames). The operator resets: `backchannel resetpassword`.
    path(
        "accounts/password/reset/",
        TemplateView.as_view(template_name="accounts/password_forgotten.html"),
        name="password-forgotten",
    ),
    path("accounts/", include("allauth.urls")),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("backchannel.accounts.urls")),
    # The dashboard (top layer) keeps its name in the processes' namespace:
    # processes:process-detail.
    path(
        "",
        include(
            (dashboard_urls.urlpatterns + process_urls.urlpatterns, "processes"),
            namespace="processes",
        ),
    ),
    path("", include("backchannel.participants.urls")),
    path("", include("backchannel.participants.join_urls")),
    path("", include("backchannel.meetings.urls")),
    path("", include("backchannel.records.urls")),
    path("", include("backchannel.ideas.urls")),
    path("", include("backchannel.transfer.urls")),
    path("", include("backchannel.translations.urls")),
    path("", include("backchannel.evaluation.urls")),
    path("", include("backchannel.reports.urls")),
]
