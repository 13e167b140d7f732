from django.apps import AppConfig


class Config(AppConfig):
    """Holds only template tags; lib/ knows no model."""

    name = "firstchoice.lib"
    label = "fclib"
