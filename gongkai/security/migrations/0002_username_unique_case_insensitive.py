"""身份标识唯一: no two accounts whose usernames differ only in case (an index on LOWER(username))."""
from django.db import migrations

CREATE = "CREATE UNIQUE INDEX security_user_username_ci ON units_user (LOWER(username))"
DROP = "DROP INDEX security_user_username_ci"


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0001_auth_policy_history_holds"),
        ("units", "0005_security_fields_and_administrator_roles"),
    ]
    operations = [migrations.RunSQL(CREATE, DROP)]
