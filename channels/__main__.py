"""``python -m channels``: serve the gateway with waitress on 127.0.0.1:$GATEWAY_PORT."""

from __future__ import annotations

import logging
import sys

from waitress import serve

from channels import ConfigError, create_app
from channels.gateway import EXTENSION_KEY

HOST = "127.0.0.1"  # a reverse proxy with TLS sits in front
# Waitress buffers the whole body before the app sees it; refuse huge bodies early.
# Bodies between 64 KiB and this size still get the app's JSON 413 answer.
WAITRESS_MAX_BODY = 1024 * 1024


def main() -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        app = create_app()
    except ConfigError as error:
        print(f"channels: cannot start: {error}", file=sys.stderr)
        return 2
    port = app.extensions[EXTENSION_KEY].settings.port
    serve(app, host=HOST, port=port, threads=8, max_request_body_size=WAITRESS_MAX_BODY)
    return 0


if __name__ == "__main__":
    sys.exit(main())
