from django.apps import AppConfig


class Config(AppConfig):
    name = "firstchoice.teams"
    label = "teams"
