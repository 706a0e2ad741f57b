import os
import sys

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backchannel.settings")
application = get_wsgi_application()

# Refuse to start with a master key that is not this deployment's: every
# decryption would fail. One line naming the variable, no traceback; exit code 3
# stops gunicorn's arbiter instead of respawning workers.
from backchannel.core.crypto import require_master_key  # noqa: E402
from backchannel.core.keystore import KeyStoreError  # noqa: E402
from backchannel.env import ConfigError  # noqa: E402

try:
    require_master_key()
except (ConfigError, KeyStoreError) as exc:
    sys.stderr.write(f"Configuration error: {exc}\n")
    raise SystemExit(3) from None
