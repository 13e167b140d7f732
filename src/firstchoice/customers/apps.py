from django.apps import AppConfig


class Config(AppConfig):
    name = "firstchoice.customers"
    label = "customers"
