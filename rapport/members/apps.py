from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "rapport.members"
    label = "members"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from rapport.members.sessions import sign_in_recorded

        # Every sign-in records when and on what device, for "Where you're signed in".
        user_logged_in.connect(sign_in_recorded, dispatch_uid="rapport.members.sign_in")
