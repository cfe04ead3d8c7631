from django.apps import AppConfig


class GatheringsConfig(AppConfig):
    """Gatherings: a time, a place, conversation; afterwards attendees may connect
    with "met at" as a verified context."""

    name = "rapport.gatherings"
    label = "gatherings"

    def ready(self) -> None:
        from rapport.gatherings.selectors import gathering_verified
        from rapport.network.states import Context
        from rapport.network.verification import verifier_register

        # "Met at <title>", once the host confirmed that both attended.
        verifier_register(Context.GATHERING, gathering_verified)
