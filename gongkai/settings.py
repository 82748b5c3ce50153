"""Django settings for gongkai.

Everything that differs between a laptop and a county platform comes from the
environment, read here through ``gongkai.environment`` (django-environ): DATABASE_URL,
REDIS_URL, GONGKAI_DATA_DIR, ... (the table "环境变量一览" in docs/operations.md).
The embedded default is a SQLite database and a SQLite Huey queue under var/.
Importing this module writes nothing: the data dir and its secret key are made by
``gongkai.environment.prepare_data_dir()``, which every ``gongkai`` command calls first.
"""
from pathlib import Path

from gongkai import environment
from gongkai.environment import env

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = environment.data_dir()


def _secret_key() -> str:
    """A per-deployment key kept in the data dir, never a constant in the code. Empty when the data
    dir is not prepared: Django then refuses whatever needs the key, and gongkai.wsgi refuses to start."""
    if environment.secret_key():
        return environment.secret_key()
    path = DATA_DIR / environment.SECRET_KEY_FILE
    return path.read_text().strip() if path.is_file() else ""


SECRET_KEY = _secret_key()
DEBUG = env.bool("GONGKAI_DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "huey.contrib.djhuey",
    "ninja",  # serves the API docs (Swagger UI) from our own static files, not a CDN
    "gongkai.units",
    "gongkai.security",
    "gongkai.workdays",
    "gongkai.catalog",
    "gongkai.workbench",
    "gongkai.applications",
    "gongkai.disputes",
    "gongkai.reports",
    "gongkai.watch",
    "gongkai.sitereports",  # sitereports: 政府网站工作年度报表
    "gongkai.siteimport",  # siteimport: an old site's 信息公开 column into the catalog
    "gongkai.consult",  # consult: 政务咨询/留言, answered on a working-day promise
    "gongkai.duties",
    "gongkai.assessment",
    "gongkai.workplan",
    "gongkai.portal",
    "gongkai.api",
    "gongkai.monitoring",  # alerts: failure events, security alerts, audit notes, SIEM shipping
    "gongkai.ops",  # ops: /healthz, /readyz, /metrics, request ids carried into queued jobs
    # 身份鉴别 (auth): second factor and login-failure handling
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    "gongkai.ops.requestid.RequestIdMiddleware",  # ops: X-Request-ID on every log line of the request
    "gongkai.ops.metrics.RequestMetricsMiddleware",  # ops: request latency by view (Prometheus)
    "django.middleware.security.SecurityMiddleware",
    "gongkai.security.no_store.NoStoreMiddleware",  # ident: Cache-Control no-store on every staff page
    "csp.middleware.CSPMiddleware",  # api: Content-Security-Policy (block "Browser security headers")
    "django_permissions_policy.PermissionsPolicyMiddleware",  # api: Permissions-Policy
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "gongkai.security.request_guard.RequestGuardMiddleware",  # bounds: lone surrogates, bad multipart -> 400
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # auth: request.user.is_verified()
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai.units.middleware.RequestContextMiddleware",
    "gongkai.monitoring.middleware.DeniedRequestMiddleware",  # alerts: every 403 is a failure audit event
    "gongkai.security.admin_networks.AdminNetworkMiddleware",  # roles: /admin/ and /manage/ from allowed networks only
    "gongkai.security.middleware.SessionPolicyMiddleware",  # auth: idle and absolute session limits
    "gongkai.security.middleware.StaffGateMiddleware",  # auth: OTP and current password on staff URLs
    "axes.middleware.AxesMiddleware",  # auth: lockout responses
    "gongkai.security.upload_scan.UploadScanMiddleware",  # clam: every uploaded file scanned before its view
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.portal.context.site",
                "gongkai.workdays.context.calendar_warning",
                "gongkai.security.upload_scan.context",  # clam: "文件未经病毒扫描" on upload pages
            ],
        },
    },
]

# forms: length-limited fields get a counter instead of a maxlength that cuts pasted text
FORM_RENDERER = "gongkai.form_rendering.LimitAwareRenderer"

_default_db = f"sqlite:///{DATA_DIR / 'gongkai.sqlite3'}"
DATABASES = {"default": env.db("DATABASE_URL", default=_default_db)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one clerk saves; IMMEDIATE takes the write lock at
    # BEGIN so concurrent savers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "units.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workbench:home"
LOGOUT_REDIRECT_URL = "portal:home"

PASSWORD_HASHERS = [
    "gongkai.crypto.hashers.PBKDF2SM3PasswordHasher",  # pii/crypto: 国密 first; older hashes upgrade on log-in
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# auth: lengths, classes and history read the SecurityPolicy that 安全管理员 edits (gongkai/security/passwords.py)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "gongkai.security.passwords.RoleMinimumLengthValidator"},
    {"NAME": "gongkai.security.passwords.CharClassValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("username", "full_name", "email", "phone")}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "gongkai.security.passwords.PasswordHistoryValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]  # plainer Chinese for Django's own form messages
FORMAT_MODULE_PATH = ["gongkai.formats"]  # ISO dates first: what <input type="date"> accepts
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"  # made by environment.prepare_data_dir()
WHITENOISE_USE_FINDERS = True  # serve app static files without a collectstatic step
MEDIA_ROOT = Path(env.str("GONGKAI_MEDIA_DIR", default=str(DATA_DIR / "media")))
MEDIA_URL = "/media/"

# Attachments: what a clerk may upload to an item (type checked by content, not name).
GONGKAI_ATTACHMENT_MAX_BYTES = env.int("GONGKAI_ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

GONGKAI_SITE_NAME = env.str("GONGKAI_SITE_NAME", default="政府信息公开专栏")
# Who runs the site, shown in the portal's header and footer (a government site must show them).
GONGKAI_GOVERNMENT_NAME = env.str("GONGKAI_GOVERNMENT_NAME", default="")  # default: the root unit's name
GONGKAI_SITE_SPONSOR = env.str("GONGKAI_SITE_SPONSOR", default="")        # 主办单位; default: the government
GONGKAI_SITE_CODE = env.str("GONGKAI_SITE_CODE", default="")              # 网站标识码
GONGKAI_ICP = env.str("GONGKAI_ICP", default="")                          # ICP备案号
GONGKAI_POLICE_RECORD = env.str("GONGKAI_POLICE_RECORD", default="")      # 公安机关备案号
# The address people reach the platform at, for links in mails (no trailing slash).
GONGKAI_BASE_URL = env.str("GONGKAI_BASE_URL", default="http://127.0.0.1:8000")

# The public intake's switches (gongkai/applications/intake/conf.py): the CAPTCHA on the public forms and
# the per-address limit are on unless set to 0/false/no/off; applications one address may file in an
# hour (failed status look-ups: four times as many).
GONGKAI_PUBLIC_CAPTCHA = environment.switch("GONGKAI_PUBLIC_CAPTCHA")
GONGKAI_PUBLIC_RATE_LIMIT = environment.switch("GONGKAI_PUBLIC_RATE_LIMIT")
GONGKAI_PUBLIC_RATE_LIMIT_PER_HOUR = env.int("GONGKAI_PUBLIC_RATE_LIMIT_PER_HOUR", default=10)

# Background work: SQLite Huey embedded, Redis Huey at scale.
_redis_url = env.str("REDIS_URL", default="")
if _redis_url:
    HUEY = {"huey_class": "huey.PriorityRedisHuey", "name": "gongkai", "url": _redis_url, "immediate": False}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "gongkai",
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": env.bool("GONGKAI_HUEY_IMMEDIATE", default=False),
    }

# The portal's anonymous pages (gongkai/portal/pagecache.py): shared by every app server on Redis when
# REDIS_URL is set, in each process's memory otherwise; keyed by a content generation kept in the
# database, so a publish shows at once. GONGKAI_PORTAL_CACHE_SECONDS bounds an entry's life (0: off).
GONGKAI_PORTAL_CACHE_SECONDS = env.int("GONGKAI_PORTAL_CACHE_SECONDS", default=300)
# A page the cache above keeps is also marked for nginx's cache (X-Accel-Expires, deploy/nginx) for this
# many seconds: nginx answers repeat readers without an app server, and a publish shows after at most
# these seconds there (0: nginx keeps nothing).
GONGKAI_EDGE_CACHE_SECONDS = env.int("GONGKAI_EDGE_CACHE_SECONDS", default=5)
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "portal": ({"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis_url,
                "KEY_PREFIX": "gongkai"} if _redis_url else
               {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal",
                "OPTIONS": {"MAX_ENTRIES": 5000}}),
}

# ops: /metrics answers only `Authorization: Bearer <token>` (unset: /metrics is off, 404).
GONGKAI_METRICS_TOKEN = env.str("GONGKAI_METRICS_TOKEN", default="")

# Personal data and cryptography (pii): keys live outside the database, see gongkai/crypto/keys.py
# (GONGKAI_KEK, GONGKAI_KEY_DIR); applicants' personal data is anonymised this many years after
# the case and all its disputes closed (gongkai pii purge, daily task).
GONGKAI_PII_RETENTION_YEARS = env.int("GONGKAI_PII_RETENTION_YEARS", default=3)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = DATA_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="gongkai@localhost")

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# ---- api: browser security headers (等保 8.1.4.4 d; docs/security.md) ----
# No inline script or style anywhere: every script and stylesheet is a static file. The API docs
# page (Swagger UI) adds data: images and sets styles from its script (gongkai.api.views).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = {feature: [] for feature in (
    "accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone", "payment", "usb")}
# ---- end api ----

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # no ID, phone, bank card, password or query code in any log line (8.1.4.10, security.md §3.10)
    "filters": {"mask_personal_data": {"()": "gongkai.security.log_filter.MaskPersonalData"},
                "request_id": {"()": "gongkai.ops.requestid.RequestIdFilter"}},
    # ops: GONGKAI_LOG_FORMAT=json writes one JSON object per line (with the request id)
    "formatters": {"json": {"()": "gongkai.ops.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_personal_data", "request_id"],
                             **({"formatter": "json"} if env.str("GONGKAI_LOG_FORMAT", default="") == "json" else {})}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "jieba": {"level": "WARNING"},
        # both reach the root's (masking) console handler
        "gongkai": {"level": env.str("GONGKAI_LOG_LEVEL", default="INFO")},
        "django": {"level": "INFO"},
    },
}


# ---------------------------------------------------------------- auth (身份鉴别, GB/T 22239-2019 8.1.4.1)
# Lockout: django-axes counts failures per account and per address; limit and cool-off come
# from the SecurityPolicy; a locked 三员 account is held until 安全管理员 unlocks it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "gongkai.security.roles.backend.RolePermissionBackend",  # roles: admin model rights by role
]
AXES_HANDLER = "gongkai.security.lockout.PolicyAxesHandler"
AXES_FAILURE_LIMIT = "gongkai.security.lockout.failure_limit"
AXES_COOLOFF_TIME = "gongkai.security.lockout.cool_off"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "gongkai.units.audit.client_ip"  # the configured proxy chain, never a raw header
AXES_USERNAME_CALLABLE = "gongkai.security.lockout.normalized_username"
AXES_LOCKOUT_CALLABLE = "gongkai.security.lockout.lockout_response"
AXES_VERBOSE = False
# Second factor: TOTP (django-otp) for every staff role; the issuer is what authenticator apps show.
OTP_TOTP_ISSUER = env.str("GONGKAI_OTP_ISSUER", default=GONGKAI_SITE_NAME)
# Sessions: 30 idle minutes (15 for the 三员, SessionPolicyMiddleware), 8 h at most, gone at browser close.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# HTTPS (GONGKAI_HTTPS=1 when served over TLS): Secure cookies, redirect, HSTS. The proxy's
# X-Forwarded-Proto is believed only when GONGKAI_TRUSTED_PROXY_SSL_HEADER=1 says gongkai runs
# behind the configured nginx, which overwrites that header.
if env.bool("GONGKAI_HTTPS", default=False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env.int("GONGKAI_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("GONGKAI_HSTS_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("GONGKAI_HSTS_PRELOAD", default=True)
    if env.bool("GONGKAI_TRUSTED_PROXY_SSL_HEADER", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")


# ---------------------------------------------------------------- roles (访问控制 and 三员分立, 8.1.4.2 / 8.1.4.4 c)
# /admin/ and /manage/ answer only clients in these networks (CIDR list, comma-separated in the
# environment); the address is the trusted one from gongkai.units.audit.client_ip.
ADMIN_ALLOWED_NETWORKS = env.list("ADMIN_ALLOWED_NETWORKS", default=["127.0.0.1/32", "::1/128"])


# ---------------------------------------------------------------- audit (安全审计 8.1.4.3, 数据备份恢复 8.1.4.9)
# Networks of the operator's own reverse proxies (CIDR list). Only a request whose peer is in one
# of them has its X-Forwarded-For / X-Real-IP believed; empty (the default) believes no header.
GONGKAI_TRUSTED_PROXIES = env.list("GONGKAI_TRUSTED_PROXIES", default=[])
# Audit rows are kept this many days (purge refuses anything younger than 183 days whatever is set).
GONGKAI_AUDIT_RETENTION_DAYS = env.int("GONGKAI_AUDIT_RETENTION_DAYS", default=365)

# Outbound fetches (watchdog, probes, screenshots, report-by-URL): the SSRF guard in
# gongkai/watch/outbound.py. Ports allowed (add 8080/8443 if sites use them); hosts allowed to
# resolve to non-public addresses ("host", "host:port", "host:*"; normally empty — a 系统管理员
# marks single sites internal instead); seconds without heartbeat before a check run counts as dead.
OUTBOUND_ALLOWED_PORTS = [int(p) for p in environment.outbound_ports() or ["80", "443"]]
OUTBOUND_INTERNAL_HOSTS = environment.outbound_internal_hosts()
WATCH_RUN_STALE_SECONDS = env.int("GONGKAI_WATCH_RUN_STALE_SECONDS", default=300)
# The demo's imitation county site (gongkai/watch/demo_site.py); `gongkai demo` sets it to its own address.
GONGKAI_DEMO_SITE_URL = env.str("GONGKAI_DEMO_SITE_URL", default="http://127.0.0.1:8000/demo-site/")


# ---------------------------------------------------------------- alerts (安全审计 8.1.4.3, 入侵防范 8.1.4.4 f, 集中管控 8.1.5.4 d)
# Refused requests are audit events too (gongkai/monitoring/); CSRF failures through this view.
CSRF_FAILURE_VIEW = "gongkai.monitoring.views.csrf_failure"
# Failure events a minute before identical ones are folded into one summary row (failure_events.py).
GONGKAI_AUDIT_FAILURE_LIMITS = {
    "per_key": env.int("GONGKAI_AUDIT_FAILURES_PER_KEY", default=10),
    "per_source": env.int("GONGKAI_AUDIT_FAILURES_PER_SOURCE", default=30),
    "per_action": env.int("GONGKAI_AUDIT_FAILURES_PER_ACTION", default=300),
}
# Burst alerts (security_alerts.py): failures a minute, all addresses together and per address.
GONGKAI_ALERT_BURSTS = {
    "login_per_minute": env.int("GONGKAI_ALERT_LOGIN_FAILURES_PER_MINUTE", default=20),
    "login_per_address": env.int("GONGKAI_ALERT_LOGIN_FAILURES_PER_ADDRESS", default=20),
    "denials_per_minute": env.int("GONGKAI_ALERT_DENIALS_PER_MINUTE", default=50),
    "denials_per_address": env.int("GONGKAI_ALERT_DENIALS_PER_ADDRESS", default=30),
}
GONGKAI_ALERT_REPEAT_MINUTES = env.int("GONGKAI_ALERT_REPEAT_MINUTES", default=60)
# Shipping the audit log to the operator's collector: RFC 5424 over TLS (RFC 5425), host:port.
GONGKAI_SIEM_SYSLOG = env.str("GONGKAI_SIEM_SYSLOG", default="")
GONGKAI_SIEM_CA_FILE = env.str("GONGKAI_SIEM_CA_FILE", default="")
GONGKAI_SIEM_SERVER_NAME = env.str("GONGKAI_SIEM_SERVER_NAME", default="")
GONGKAI_SIEM_CLIENT_CERT = env.str("GONGKAI_SIEM_CLIENT_CERT", default="")
GONGKAI_SIEM_CLIENT_KEY = env.str("GONGKAI_SIEM_CLIENT_KEY", default="")
GONGKAI_SIEM_HOSTNAME = env.str("GONGKAI_SIEM_HOSTNAME", default="")
GONGKAI_SIEM_TIMEOUT = env.float("GONGKAI_SIEM_TIMEOUT", default=10.0)
GONGKAI_SIEM_BATCH = env.int("GONGKAI_SIEM_BATCH", default=500)
GONGKAI_SIEM_MAX_BATCHES = env.int("GONGKAI_SIEM_MAX_BATCHES", default=20)
GONGKAI_SIEM_MAX_MESSAGE_BYTES = env.int("GONGKAI_SIEM_MAX_MESSAGE_BYTES", default=8192)
GONGKAI_SIEM_FACILITY = env.int("GONGKAI_SIEM_FACILITY", default=13)  # log audit
GONGKAI_SIEM_SD_ID = env.str("GONGKAI_SIEM_SD_ID", default="gongkai@32473")
GONGKAI_SIEM_BACKLOG_ALERT = env.int("GONGKAI_SIEM_BACKLOG_ALERT", default=1000)


# ---------------------------------------------------------------- clam (恶意代码防范 8.1.4.5, security.md §3.5)
# clamd that scans every upload before it is stored (INSTREAM): unix:///run/clamav/clamd.ctl or
# tcp://127.0.0.1:3310. Empty (the embedded default): uploads are not scanned and the upload pages
# say so. Set: an infected file, an unreachable scanner or a timeout refuses the upload (fail closed).
GONGKAI_CLAMD = env.str("GONGKAI_CLAMD", default="")
GONGKAI_CLAMD_TIMEOUT = env.float("GONGKAI_CLAMD_TIMEOUT", default=30.0)
# Larger files are refused unscanned; keep it at or below clamd's StreamMaxLength (25M by default).
GONGKAI_CLAMD_MAX_BYTES = env.int("GONGKAI_CLAMD_MAX_BYTES", default=25 * 1024 * 1024)
