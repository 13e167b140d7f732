from django.apps import AppConfig
from django.db.backends.signals import connection_created


class Config(AppConfig):
    name = "firstchoice.teams"
    label = "teams"

    def ready(self) -> None:
        from firstchoice.teams import pagecache

        # Every connection reports what it writes: the data version of cached pages.
        connection_created.connect(pagecache.install, dispatch_uid="firstchoice.pagecache")
