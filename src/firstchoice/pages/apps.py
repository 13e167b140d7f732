from django.apps import AppConfig


class Config(AppConfig):
    name = "firstchoice.pages"
    label = "pages"
