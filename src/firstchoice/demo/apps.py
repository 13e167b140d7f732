from django.apps import AppConfig


class Config(AppConfig):
    name = "firstchoice.demo"
    label = "demo"
