from django.urls import path, register_converter

from firstchoice.reviews import views
from firstchoice.reviews.converters import MonthConverter

register_converter(MonthConverter, "yyyymm")

CHART = "reviews/<str:handle>/<yyyymm:month>/"
MEETING = "meetings/<slug:slug>/<yyyymm:month>/"

urlpatterns = [
    path("reviews/", views.index, name="reviews"),
    path(CHART, views.chart, name="review"),
    path(CHART + "statement", views.statement, name="review-statement"),
    path(MEETING, views.meeting, name="meeting"),
    path(MEETING + "open", views.open_meeting, name="meeting-open"),
    path(MEETING + "present/", views.present, name="meeting-present"),
    path(MEETING + "notes/<str:handle>", views.note, name="meeting-note"),
    path(MEETING + "pack.pdf", views.pack_pdf, name="meeting-pdf"),
    path(MEETING + "pack.xlsx", views.pack_xlsx, name="meeting-xlsx"),
]
