"""A user switches the interface to Arabic: right-to-left, and it stays after
logging out and in again."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from backchannel.accounts.models import User
from tests.world import PASSWORD, World

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.no_db_difference,
]


def test_a_user_switches_to_arabic_and_the_choice_survives_logout(
    page: Any, app_url: str, e2e_login: Any, world: World
) -> None:
    e2e_login("participant", PASSWORD)
    html = page.locator("html")
    expect(html).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", level=1)).to_have_text("My processes")

    page.get_by_label("Interface language").select_option("ar")
    page.get_by_role("button", name="Change language").click()

    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text("عملياتي")
    # Mirrored: the header's brand sits on the right of the page.
    brand = page.locator(".brand").bounding_box()
    width = page.viewport_size["width"]
    assert brand["x"] > width / 2
    assert User.objects.get(username="participant").language == "ar"

    page.get_by_role("button", name=re.compile("تسجيل الخروج")).click()
    expect(html).to_have_attribute("dir", "rtl")  # the login page, from the cookie
    page.context.clear_cookies()
    page.goto(f"{app_url}/login/")
    expect(html).to_have_attribute("dir", "ltr")
    e2e_login("participant", PASSWORD)
    expect(html).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text("عملياتي")
