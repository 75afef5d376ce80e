"""Background tasks (Tasks API, `django_tasks`; the TASKS setting picks the queue)."""

from django_tasks import task

from pug_portal.reports import runs as report_runs


@task()
def generate_report(run_id: int) -> str:
    """Generate the file of a background report run (see pug_portal/reports/runs.py)."""
    return report_runs.report_run_execute(run_id=run_id)
