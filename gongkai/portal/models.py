from django.db import models


class ContentGeneration(models.Model):
    """One row: a number that every change to what the portal shows (an item published, withdrawn or edited,
    an attachment, a category, a unit, a report) raises, in the transaction of the change. Cached portal
    pages are keyed by it (gongkai/portal/pagecache.py), so a change shows at once on every app server."""

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "公开专栏内容版本"
