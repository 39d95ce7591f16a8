"""Fill the open work items of existing databases from their cases and rows (the
same derivation the running code keeps them by, on the migration's models)."""

from types import SimpleNamespace

from django.db import migrations


def fill(apps, schema_editor):
    from hearth.cases import work

    m = SimpleNamespace(
        Case=apps.get_model("cases", "Case"),
        Service=apps.get_model("cases", "Service"),
        FollowUp=apps.get_model("cases", "FollowUp"),
        PlanAction=apps.get_model("cases", "PlanAction"),
        WorkItem=apps.get_model("cases", "WorkItem"),
    )
    if not m.Case.objects.exists():
        return
    work.rebuild(m, progress=lambda message: print(f"  {message}", flush=True))


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_open_work_items")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
