from django.apps import AppConfig


class Config(AppConfig):
    name = "firstchoice.reviews"
    label = "reviews"
    verbose_name = "reviews"
