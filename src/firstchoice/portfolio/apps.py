from django.apps import AppConfig


class Config(AppConfig):
    name = "firstchoice.portfolio"
    label = "portfolio"
