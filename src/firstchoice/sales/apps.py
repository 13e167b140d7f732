from django.apps import AppConfig


class Config(AppConfig):
    name = "firstchoice.sales"
    label = "sales"
