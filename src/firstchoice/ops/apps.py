from django.apps import AppConfig


class Config(AppConfig):
    name = "firstchoice.ops"
    label = "ops"
