from django.urls import path

from firstchoice.contacts import views

urlpatterns = [
    path("customers/<str:code>/contacts/", views.contact_log, name="customer-contacts"),
    path("customers/<str:code>/contacts/new", views.contact_new, name="contact-new"),
    path(
        "customers/<str:code>/contacts/export.<str:fmt>",
        views.contacts_export,
        name="contacts-export",
    ),
    path("customers/<str:code>/contacts/freshness", views.freshness, name="contacts-freshness"),
    path("customers/<str:code>/contacts/<id:pk>/edit", views.contact_edit, name="contact-edit"),
    path(
        "customers/<str:code>/contacts/<id:pk>/delete",
        views.contact_delete,
        name="contact-delete",
    ),
    path("customers/<str:code>/timeline/", views.customer_timeline, name="customer-timeline"),
    path("my-actions/next-steps/<id:pk>/done", views.next_step_done, name="next-step-done"),
    path("my-actions/log-contact", views.log_for, name="contact-log-for"),
]
