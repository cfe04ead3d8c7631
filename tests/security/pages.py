"""Every page of the site as its owner sees it, from the authorization matrix.

The matrix already has a row, a URL and a scenario for every page (and fails when a
new page lacks one), so walking it here covers new pages with no list to update.
"""

from __future__ import annotations

from tests.test_authorization_matrix import OPERATIONS, PAGES

# Pages whose GET answers something other than HTML on purpose.
NOT_HTML = {"account_export", "keeper_calendar_feed", "member_photo", "member_photo_small"}
# Pages whose form posts without a CSRF token on purpose: the signed token in the URL is
# the credential, a mail client posts there in one click (RFC 8058), and all it can do
# is turn its member's notification mail, or weekly digest, off (docs/security.md).
CSRF_EXEMPT_FORMS = {"notifications_unsubscribe", "keeper_digest_unsubscribe"}


def page_names_for_get() -> list[str]:
    return sorted(
        name
        for name, cell in PAGES.items()
        if cell.method == "GET" and cell.expect["owner"] == 200 and name not in NOT_HTML
    )


def page_names_for_post() -> list[str]:
    return sorted(name for name, cell in PAGES.items() if cell.method == "POST")


def unsafe_operations() -> list[tuple[str, str]]:
    from tests.authz import FEATURES

    anonymous = {("POST", "/api/signup"), ("POST", "/api/token")}
    for feature in FEATURES:
        anonymous |= set(feature.ANONYMOUS)
    return sorted(key for key in OPERATIONS if key[0] != "GET" and key not in anonymous)


from tests.security.html_scan import Form, parse, post_forms  # noqa: E402, F401
