from django.apps import AppConfig


class CoffeeConfig(AppConfig):
    """Coffee rounds: members who opt in are paired one to one across clusters and
    organisations, people who would not otherwise meet."""

    name = "rapport.coffee"
    label = "coffee"

    def ready(self) -> None:
        from rapport.coffee.selectors import coffee_first_message, coffee_paired, coffee_verified
        from rapport.conversations.selectors import first_message_suggester_register
        from rapport.conversations.services import conversation_opener_register
        from rapport.network.states import Context
        from rapport.network.verification import verifier_register

        # "Paired in the coffee round of 3 Nov 2026", once one of the two said "we met".
        verifier_register(Context.COFFEE, coffee_verified)
        # A pair may write to each other although they are not connected.
        conversation_opener_register(coffee_paired)
        # Their conversation's page points to the pairing's suggested opener.
        first_message_suggester_register(coffee_first_message)
