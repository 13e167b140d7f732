from django.apps import AppConfig


class Config(AppConfig):
    name = "firstchoice.contacts"
    label = "contacts"
