"""The grants app's background tasks (django-tasks): computing a grant run."""

from django_tasks import task

from nyinorge.grants.services import runs


@task()
def grant_run_compute_task(*, run_id: int) -> str:
    """Compute one grant run's lines; returns the run's final status."""
    return runs.grant_run_compute(run_id=run_id).status
