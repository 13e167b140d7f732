from django.apps import AppConfig


class Config(AppConfig):
    name = "firstchoice.people"
    label = "people"
