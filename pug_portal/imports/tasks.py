"""Background tasks of the imports (Tasks API, `django_tasks`; see TASKS_BACKEND)."""

from django_tasks import task

from pug_portal.imports import batches


@task()
def build_import_preview(batch_id: int) -> str:
    """Make and keep the preview of a large uploaded file (see `batch_create`)."""
    return batches.batch_preview_build(batch_id=batch_id)


@task()
def commit_import(batch_id: int, user_id: int) -> str:
    """Import a large batch for `user_id` (see `batch_commit_enqueue`)."""
    return batches.batch_commit_run(batch_id=batch_id, user_id=user_id)
