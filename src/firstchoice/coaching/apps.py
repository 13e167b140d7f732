from django.apps import AppConfig


class Config(AppConfig):
    name = "firstchoice.coaching"
    label = "coaching"
