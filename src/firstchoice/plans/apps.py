from django.apps import AppConfig


class Config(AppConfig):
    name = "firstchoice.plans"
    label = "plans"
