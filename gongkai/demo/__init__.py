"""Demo data: one fictional county (青禾县) with a 街道, a 镇, villages and communities, four
县直部门, a user for every role, some 560 catalog items over three years, applications, disputes,
annual reports and the rest, all entered through the real services.

- ``county``: the units, the users and the demo password;
- ``texts``: the text templates and word lists (pure data, no Django);
- ``items``: the catalog items, planned (pure) and loaded through the catalog workflow;
- ``casework``: applications, 复议/诉讼 cases, yearly figures, annual reports, supervision;
- ``load``: ``load_demo``, the entry point (``gongkai demo``).

All names, numbers and projects are invented.
"""
