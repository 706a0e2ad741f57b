from django.urls import path

from backchannel.accounts import views

app_name = "accounts"

urlpatterns = [
    path("account/tokens/", views.token_list, name="token-list"),
    path("account/tokens/new/", views.token_create, name="token-create"),
]
