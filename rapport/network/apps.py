from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "rapport.network"
    label = "network"
