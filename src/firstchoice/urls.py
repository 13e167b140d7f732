from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from firstchoice.api import api
from firstchoice.lib.converters import IdConverter, YearConverter
from firstchoice.ops.views import favicon, healthz
from firstchoice.pages import board as board_views
from firstchoice.pages import calendar_feed
from firstchoice.pages.customers import views as customer_views
from firstchoice.pages.my_actions import my_actions
from firstchoice.portfolio import views as portfolio_views
from firstchoice.sales import views as sales_views
from firstchoice.teams import views as team_views

register_converter(YearConverter, "year")
register_converter(IdConverter, "id")  # before the apps' URLs are included

urlpatterns = [
    path("", portfolio_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", team_views.set_language, name="set-language"),
    path("board/", portfolio_views.my_board, name="my-board"),
    path("board/<str:handle>/<year:year>/", board_views.board, name="board"),
    path("board/<str:handle>/<year:year>/add", board_views.add, name="board-add"),
    path("board/<str:handle>/<year:year>/move", board_views.move, name="board-move"),
    path("board/<str:handle>/<year:year>/remove", board_views.remove, name="board-remove"),
    path(
        "board/<str:handle>/<year:year>/carry-over",
        board_views.carry_over,
        name="board-carry-over",
    ),
    path("board/<str:handle>/<year:year>/history/", portfolio_views.history, name="board-history"),
    path(
        "board/<str:handle>/<year:year>/suggestions",
        portfolio_views.suggestions,
        name="board-suggestions",
    ),
    path(
        "board/<str:handle>/<year:year>/suggestions/ignore",
        portfolio_views.suggestion_ignore,
        name="board-suggestion-ignore",
    ),
    path(
        "board/<str:handle>/<year:year>/suggestions/unignore",
        portfolio_views.suggestion_unignore,
        name="board-suggestion-unignore",
    ),
    path("teams/", portfolio_views.team_index, name="teams"),
    path("teams/<slug:slug>/<year:year>/", portfolio_views.team, name="team"),
    path("audit/", portfolio_views.audit, name="audit"),
    path("customers/", customer_views.customer_list, name="customers"),
    path("customers/suggest", customer_views.customer_suggest, name="customer-suggest"),
    path("customers/<str:code>/", customer_views.customer_detail, name="customer"),
    path("", include("firstchoice.pages.customers.urls")),
    path("imports/", sales_views.import_list, name="imports"),
    path("imports/upload", sales_views.upload, name="import-upload"),
    path("imports/customers", sales_views.customers_upload, name="import-customers"),
    path("imports/<id:batch_id>/", sales_views.import_detail, name="import"),
    path("imports/<id:batch_id>/start", sales_views.import_start, name="import-start"),
    path("imports/<id:batch_id>/rollback", sales_views.import_rollback, name="import-rollback"),
    path("imports/<id:batch_id>/rejects.csv", sales_views.import_rejects, name="import-rejects"),
    path("my-actions/", my_actions, name="my-actions"),
    # The feed shows plans' actions and contacts' next steps (pages.calendar_feed).
    path("calendar/<str:token>.ics", calendar_feed.feed, name="calendar-feed"),
    path("", include("firstchoice.contacts.urls")),
    path("", include("firstchoice.plans.urls")),
    path("", include("firstchoice.people.urls")),
    path("", include("firstchoice.coaching.urls")),
    path("", include("firstchoice.reviews.urls")),
    path("", include("firstchoice.notifications.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
