from django.urls import path

from firstchoice.pages.customers import views

# The customer list and page themselves stay in the root urls.py (they came first).
urlpatterns = [
    path(
        "customers/<str:code>/dossier/<slug:key>/",
        views.section_show,
        name="customer-section",
    ),
    path(
        "customers/<str:code>/dossier/<slug:key>/edit",
        views.section_edit,
        name="customer-section-edit",
    ),
    path(
        "customers/<str:code>/dossier/<slug:key>/save",
        views.section_save,
        name="customer-section-save",
    ),
    path("customers/<str:code>/history/", views.research_history, name="customer-history"),
    path("customers/<str:code>/potential/", views.potential_add, name="customer-potential"),
    path("customers/<str:code>/rules/<str:slot>/", views.rule_save, name="customer-rule"),
    path(
        "customers/<str:code>/rules/<str:slot>/delete",
        views.rule_delete,
        name="customer-rule-delete",
    ),
]
