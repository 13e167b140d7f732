from django.urls import path

from firstchoice.notifications import views

urlpatterns = [
    path("notifications/", views.inbox, name="notifications"),
    path("notifications/bell", views.bell, name="notification-bell"),
    path("notifications/read-all", views.read_all, name="notifications-read-all"),
    path("notifications/settings", views.preferences, name="notification-preferences"),
    path("notifications/<id:pk>/open", views.open_notification, name="notification-open"),
    path("notifications/<id:pk>/read", views.read, name="notification-read"),
    path(
        "notifications/unsubscribe/<str:token>",
        views.unsubscribe,
        name="notification-unsubscribe",
    ),
]
