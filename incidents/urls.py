"""Web UI routes of the incidents app, its response and learning pages included."""

from django.urls import path

from incidents.views import (
    compliance,
    dashboard,
    deadlines,
    incidents,
    language,
    learning,
    playbooks,
    room,
    settings,
    statements,
    task_actions,
    tasks,
    welcome,
)

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("board/", deadlines.deadline_board, name="deadline-board"),
    path("welcome/", welcome.welcome, name="welcome"),
    path("incidents/", incidents.incident_list, name="incident-list"),
    path("incidents/new/", incidents.incident_new, name="incident-new"),
    path("incidents/<str:reference>/", room.incident_room, name="incident-detail"),
    path("incidents/<str:reference>/facts/", room.incident_edit, name="incident-edit"),
    path(
        "incidents/<str:reference>/transition/",
        room.incident_transition_view,
        name="incident-transition",
    ),
    path("incidents/<str:reference>/risk/", compliance.risk_assess_view, name="incident-risk"),
    path(
        "obligations/<int:pk>/submissions/",
        compliance.submission_record_view,
        name="obligation-submission",
    ),
    path(
        "incidents/<str:reference>/statements/",
        statements.incident_statements,
        name="incident-statements",
    ),
    path("tasks/", tasks.task_list, name="task-list"),
    path("tasks/mine/", tasks.my_tasks, name="my-tasks"),
    path("tasks/<int:pk>/", task_actions.task_detail, name="task-detail"),
    path("teams/<slug:code>/tasks/", tasks.team_tasks, name="team-tasks"),
    path("settings/organisation/", settings.organisation_settings, name="settings-organisation"),
    path("settings/preferences/", settings.preferences, name="preferences"),
    path("language/", language.language_switch, name="language-switch"),
    path("settings/playbooks/", playbooks.playbook_list, name="settings-playbooks"),
    path("settings/playbooks/<int:pk>/", playbooks.playbook_edit, name="settings-playbook"),
    path("incidents/<str:reference>/review/", learning.review_page, name="review-page"),
    path("drills/", learning.drill_list_page, name="drill-list"),
    path("drills/<int:pk>/", learning.drill_page, name="drill-page"),
    path("trends/", learning.trends_page, name="trends-page"),
]
