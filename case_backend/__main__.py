"""`python -m case_backend [serve]` serves with waitress; `python -m case_backend upgrade` migrates.

Serves on 127.0.0.1:${CASE_BACKEND_PORT:-8000} (loopback only: put a TLS proxy in front).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from case_backend.config import DEFAULT_PORT, load_config


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m case_backend", description=__doc__)
    parser.add_argument("command", nargs="?", default="serve", choices=["serve", "upgrade"])
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    settings = load_config()

    if args.command == "upgrade":
        from case_backend.migrate import current_revision, upgrade

        upgrade(settings["DATABASE_URL"])
        print(f"database at revision {current_revision(settings['DATABASE_URL'])}")
        return 0

    from waitress import serve

    from case_backend import create_app

    port = int(os.environ.get("CASE_BACKEND_PORT", DEFAULT_PORT))
    app = create_app()
    logging.getLogger(__name__).info("case backend listening on http://127.0.0.1:%d", port)
    serve(app, host="127.0.0.1", port=port, threads=8, ident="case_backend")
    return 0


if __name__ == "__main__":
    sys.exit(main())
