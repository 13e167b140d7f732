from django.urls import path

from firstchoice.people import map_views, views

urlpatterns = [
    path("customers/<str:code>/people/", views.people_page, name="people"),
    path("customers/<str:code>/people/history/", views.people_history, name="people-history"),
    path("customers/<str:code>/people/add", views.person_add, name="person-add"),
    path("customers/<str:code>/people/import", views.people_import, name="people-import"),
    path("customers/<str:code>/people/export.<str:fmt>", views.people_export, name="people-export"),
    path("customers/<str:code>/people/<id:pk>/", views.person_detail, name="person"),
    path("customers/<str:code>/people/<id:pk>/edit", views.person_edit, name="person-edit"),
    path(
        "customers/<str:code>/people/<id:pk>/confirm", views.person_confirm, name="person-confirm"
    ),
    path("customers/<str:code>/people/<id:pk>/delete", views.person_delete, name="person-delete"),
    path("customers/<str:code>/orgchart/", views.orgchart, name="orgchart"),
    path("customers/<str:code>/orgchart.pdf", views.orgchart_pdf, name="orgchart-pdf"),
    path("customers/<str:code>/map/", map_views.relationship_map, name="relationship-map"),
    path(
        "customers/<str:code>/map.pdf", map_views.relationship_map_pdf, name="relationship-map-pdf"
    ),
    path("customers/<str:code>/influence/add", map_views.influence_add, name="influence-add"),
    path(
        "customers/<str:code>/influence/<id:pk>/delete",
        map_views.influence_delete,
        name="influence-delete",
    ),
    path("customers/<str:code>/coverage/", views.coverage, name="people-coverage"),
    path("customers/<str:code>/our-people/add", views.ours_add, name="ours-add"),
    path("customers/<str:code>/our-people/<id:pk>/edit", views.ours_edit, name="ours-edit"),
    path("customers/<str:code>/our-people/<id:pk>/delete", views.ours_delete, name="ours-delete"),
]
