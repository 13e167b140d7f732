from django.apps import AppConfig


class Config(AppConfig):
    name = "firstchoice.notifications"
    label = "notifications"
