"""Every page of the web UI, by name. Another test suite checks who may open each one,
so the names and their keyword arguments are part of the contract."""

from django.contrib.auth.views import LogoutView
from django.urls import include, path

from rapport.conversations import views as conversation_views
from rapport.members import account_views, password_reset_views, two_step_views
from rapport.members import views as member_views
from rapport.network import views as network_views
from rapport.web import help_page
from rapport.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    # How Rapport works, open to visitors too (rapport/web/help_page.py).
    path("help/", help_page.help_page, name="help"),
    # Accounts and profiles.
    path("signup/", member_views.signup, name="signup"),
    path("login/", member_views.RapportLoginView.as_view(), name="login"),
    # The second step, for a member with two-step sign-in on (rapport/members/two_step_views.py).
    path("login/code/", two_step_views.login_two_step, name="login_two_step"),
    path("logout/", LogoutView.as_view(), name="logout"),
    # Forgot your password? Open to everyone (rapport/members/password_reset_views.py).
    path(
        "password-reset/",
        password_reset_views.PasswordResetRequestView.as_view(),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        password_reset_views.PasswordResetSentView.as_view(),
        name="password_reset_sent",
    ),
    path(
        "password-reset/done/",
        password_reset_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        password_reset_views.PasswordResetSetView.as_view(),
        name="password_reset_confirm",
    ),
    path("me/", member_views.profile_edit, name="profile_edit"),
    # Uploading and removing one's photo, and each member's photo (rapport/photos/).
    path("", include("rapport.photos.urls")),
    path("members/<int:member_id>/", member_views.member_profile, name="member_profile"),
    path("search/", member_views.search, name="search"),
    path("settings/account/", account_views.account_settings, name="account_settings"),
    # The link mailed to a new address; "token" so the access log leaves it out.
    path(
        "settings/account/email/<uidb64>/<token>/",
        account_views.email_confirm,
        name="email_confirm",
    ),
    path("settings/tokens/", member_views.tokens, name="tokens"),
    path("settings/tokens/<int:token_id>/revoke/", member_views.token_revoke, name="token_revoke"),
    # Requests and connections.
    path("members/<int:member_id>/connect/", network_views.request_new, name="request_new"),
    path("requests/", network_views.requests_inbox, name="requests_inbox"),
    path("requests/note-check/", network_views.request_note_check, name="request_note_check"),
    path("requests/<int:request_id>/accept/", network_views.request_accept, name="request_accept"),
    path(
        "requests/<int:request_id>/decline/",
        network_views.request_decline,
        name="request_decline",
    ),
    path(
        "requests/<int:request_id>/withdraw/",
        network_views.request_withdraw,
        name="request_withdraw",
    ),
    path("connections/", network_views.connections, name="connections"),
    path("connections/<int:member_id>/end/", network_views.connection_end, name="connection_end"),
    # Conversations.
    path("conversations/", conversation_views.conversations, name="conversations"),
    path(
        "conversations/<int:conversation_id>/",
        conversation_views.conversation,
        name="conversation",
    ),
    path(
        "conversations/<int:conversation_id>/messages/<int:message_id>/delete/",
        conversation_views.conversation_message_delete,
        name="message_delete",
    ),
    path("keeper/", include("rapport.keeper.urls")),
    path("insights/", include("rapport.ego.urls")),
    path("import/", include("rapport.imports.urls")),
    path("audit/", include("rapport.audit.urls")),
    path("introductions/", include("rapport.introductions.urls")),
    path("asks/", include("rapport.asks.urls")),
    path("gatherings/", include("rapport.gatherings.urls")),
    path("coffee/", include("rapport.coffee.urls")),
    path("safety/", include("rapport.safety.urls")),
    # /settings/notifications/ and the unsubscribe link of every notification mail.
    path("", include("rapport.notifications.urls")),
]
