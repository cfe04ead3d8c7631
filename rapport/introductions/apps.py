from django.apps import AppConfig


class IntroductionsConfig(AppConfig):
    """Double-opt-in introductions: each side says yes privately before either
    learns of the other."""

    name = "rapport.introductions"
    label = "introductions"

    def ready(self) -> None:
        from rapport.conversations.services import conversation_opener_register
        from rapport.introductions.selectors import introduced_and_not_parted, introduced_by
        from rapport.network.verification import verifier_register

        # A request between two members an introduction joined says "Introduced by Ana".
        verifier_register("introduced", introduced_by)
        # The two may write to each other before (or without) connecting.
        conversation_opener_register(introduced_and_not_parted)
