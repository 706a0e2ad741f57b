"""The interface language: Accept-Language, the switcher, the saved choice, RTL."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.consultations.conftest import Open, make_consultation
from tests.web.conftest import WebWorld, as_role
from tests.web.pages import PAGES

pytestmark = pytest.mark.no_db_difference

COOKIE = settings.LANGUAGE_COOKIE_NAME
HTML = re.compile(r'<html lang="([^"]+)" dir="([^"]+)">')


@pytest.fixture
def opened(web: WebWorld) -> Open:
    return make_consultation(web.world)


def _html(response) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    match = HTML.search(response.content.decode())
    assert match, "no <html lang dir>"
    return match[1], match[2]


def test_the_login_page_follows_accept_language_and_mirrors_for_arabic(
    client: Client,
) -> None:
    english = client.get(reverse("login"))
    assert _html(english) == ("en", "ltr")
    arabic = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ar,en;q=0.5")
    assert _html(arabic) == ("ar", "rtl")
    assert "<h1>تسجيل الدخول</h1>" in arabic.content.decode()
    assert arabic["Content-Language"] == "ar"
    assert "Accept-Language" in arabic["Vary"]
    chinese = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert _html(chinese) == ("zh-hans", "ltr")
    assert "登录" in chinese.content.decode()


def test_a_user_switches_language_and_the_choice_is_saved_and_applied(
    client: Client, web: WebWorld
) -> None:
    user = web.users["participant"]
    as_role(client, web.world, "participant")
    page = reverse("processes:process-list")
    response = client.post(
        reverse("accounts:language-set"), {"language": "fr", "next": page}
    )
    assert response.status_code == 302 and response["Location"] == page
    assert response.cookies[COOKIE].value == "fr"
    user.refresh_from_db()
    assert user.language == "fr"
    # The saved choice wins over the browser's, even without the cookie.
    client.cookies.pop(COOKIE)
    html = client.get(page, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "<h1>Mes processus</h1>" in html
    assert '<option value="fr" lang="fr" selected>' in html


def test_the_choice_survives_logout_and_applies_at_the_next_login(
    client: Client, web: WebWorld
) -> None:
    user = web.users["facilitator"]
    as_role(client, web.world, "facilitator")
    client.post(reverse("accounts:language-set"), {"language": "ar", "next": "/"})
    client.post(reverse("logout"))
    # Logged out, the cookie keeps the login page in Arabic.
    assert _html(client.get(reverse("login"))) == ("ar", "rtl")
    # A new browser (no cookie) gets it back on login, and keeps it in a cookie.
    fresh = Client()
    fresh.force_login(user)
    response = fresh.get(reverse("processes:process-list"))
    assert _html(response) == ("ar", "rtl")
    assert response.cookies[COOKIE].value == "ar"


def test_blank_follows_the_browser_again(client: Client, web: WebWorld) -> None:
    user = web.users["participant"]
    user.language = "es"
    user.save()
    as_role(client, web.world, "participant")
    client.post(reverse("accounts:language-set"), {"language": "", "next": "/"})
    user.refresh_from_db()
    assert user.language == ""
    response = client.get(reverse("processes:process-list"), HTTP_ACCEPT_LANGUAGE="ru")
    assert _html(response) == ("ru", "ltr")


def test_the_switcher_refuses_unknown_languages_and_foreign_redirects(
    client: Client, web: WebWorld
) -> None:
    as_role(client, web.world, "participant")
    bad = client.post(reverse("accounts:language-set"), {"language": "xx"})
    assert bad.status_code == 422
    assert (
        web.users["participant"]
        .__class__.objects.get(pk=web.users["participant"].pk)
        .language
        == ""
    )
    back = client.post(
        reverse("accounts:language-set"),
        {"language": "es"},
        HTTP_REFERER="http://testserver/processes/",
    )
    assert (
        back.status_code == 302 and back["Location"] == "http://testserver/processes/"
    )
    away = client.post(
        reverse("accounts:language-set"),
        {"language": "es", "next": "https://evil.example/phish"},
    )
    assert away.status_code == 302 and away["Location"] == "/"


def test_the_switcher_needs_the_csrf_token(web: WebWorld) -> None:
    client = Client(enforce_csrf_checks=True)
    as_role(client, web.world, "participant")
    response = client.post(reverse("accounts:language-set"), {"language": "ar"})
    assert response.status_code == 403
    assert (
        web.users["participant"]
        .__class__.objects.get(pk=web.users["participant"].pk)
        .language
        == ""
    )


def test_every_page_header_carries_the_switcher_without_javascript(
    client: Client, web: WebWorld, opened: Open
) -> None:
    as_role(client, web.world, "convener")
    for url in (
        reverse("processes:process-list"),
        reverse("processes:process-detail", args=[web.ours.process]),
    ):
        html = client.get(url).content.decode()
        form = re.search(
            r'<form method="post" action="/language/".*?</form>', html, re.S
        )
        assert form and "csrfmiddlewaretoken" in form[0] and "<script" not in html
    client.logout()
    public = client.get(opened.vote_url).content.decode()
    assert 'action="/language/"' in public


def test_an_anonymous_voter_switches_the_public_page(
    client: Client, opened: Open
) -> None:
    assert _html(client.get(opened.vote_url, HTTP_ACCEPT_LANGUAGE="es")) == (
        "es",
        "ltr",
    )
    response = client.post(
        reverse("accounts:language-set"),
        {"language": "ar", "next": opened.vote_url},
    )
    assert response["Location"] == opened.vote_url
    page = client.get(opened.vote_url, HTTP_ACCEPT_LANGUAGE="es")
    assert _html(page) == ("ar", "rtl")
    assert "مجهول الهوية: لا حساب" in page.content.decode()


def test_user_content_is_isolated_for_bidi(client: Client, web: WebWorld) -> None:
    as_role(client, web.world, "convener")
    html = client.get(
        reverse("processes:process-detail", args=[web.ours.process]),
        HTTP_ACCEPT_LANGUAGE="ar",
    ).content.decode()
    assert "<bdi>Lakeshore Water Dialogue</bdi>" in html
    assert f"(<bdi>{web.users['convener'].username}</bdi>)" in html


def test_every_page_renders_right_to_left_in_arabic(
    client: Client, web: WebWorld
) -> None:
    as_role(client, web.world, "org_convener")
    client.cookies[COOKIE] = "ar"
    for page in PAGES:
        response = client.get(page.url(web.ours))
        assert response.status_code == page.expected_get("org_convener"), page.name
        if response.status_code == 200 and "html" in response["Content-Type"]:
            assert _html(response) == ("ar", "rtl"), page.name


def test_delete_confirmations_ask_a_whole_translated_question(
    client: Client, web: WebWorld
) -> None:
    # One sentence per kind of object, so that French can say "cette note"
    # and "ce siège" (a noun dropped into a shared sentence could not).
    as_role(client, web.world, "facilitator")
    client.cookies[COOKIE] = "fr"
    cases = [
        (
            reverse("records:note-delete", args=[web.ours.note]),
            "Supprimer cette note ?",
        ),
        (
            reverse("participants:seat-delete", args=[web.ours.seat]),
            "Supprimer ce siège ?",
        ),
        (
            reverse("meetings:meeting-delete", args=[web.ours.meeting]),
            "Supprimer cette réunion, avec son ordre du jour et ses segments ?",
        ),
    ]
    for url, question in cases:
        html = client.get(url).content.decode()
        assert f"<h1>{question}</h1>" in html, url
