"""Background jobs of the site import (Huey): the dry run's crawl, off the request thread."""
from huey.contrib.djhuey import db_task


@db_task(retries=1, retry_delay=60)
def crawl_dry_run(run_pk: int):
    """试导入 of one run (idempotent: a run no longer crawling is left as it is)."""
    from .models import ImportRun
    from .services import perform_dry_run

    run = ImportRun.objects.filter(pk=run_pk).first()
    return perform_dry_run(run).state if run else None
