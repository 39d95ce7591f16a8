from django.urls import path

from hearth.cases.views import tasks

urlpatterns = [
    path("tasks/", tasks.my_tasks, name="tasks"),
    path("team/", tasks.team_view, name="team"),
]
