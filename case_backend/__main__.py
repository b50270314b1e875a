"""`python -m case_backend [command]`: serve (default), upgrade, and the admin commands.

  serve                      serve on 127.0.0.1:${CASE_BACKEND_PORT:-8000} (put TLS in front)
  upgrade                    run the database migrations
  generate-keys              print a new secret key, encryption key and index key
  create-user                make a staff account (password asked twice, or --password-stdin)
  set-password               set a staff member's password (ends their sessions)
  rotate-keys                re-encrypt everything under the first key of
                             CASE_BACKEND_ENCRYPTION_KEYS and rebuild the blind indexes
  purge-transcripts          delete transcripts older than --days (default: the configured
                             CASE_BACKEND_TRANSCRIPT_RETENTION_DAYS)
  import-postcodes FILE      load an ONS / NHS postcode directory CSV (--source, --published)
  import-gp-practices FILE   load a GP practice CSV (practice_code, practice_name, icb)
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import secrets
import sys
from pathlib import Path
from typing import Any

from case_backend.config import DEFAULT_PORT, ConfigError, load_config


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m case_backend", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("serve")
    sub.add_parser("upgrade")
    sub.add_parser("generate-keys")
    user = sub.add_parser("create-user")
    user.add_argument("--email", required=True)
    user.add_argument("--name", required=True)
    user.add_argument("--role", required=True, choices=["admin", "local_area_contact",
                                                         "reviewer"])
    user.add_argument("--icb", help="ODS code of the ICB (not for national admins)")
    user.add_argument("--password-stdin", action="store_true")
    password = sub.add_parser("set-password")
    password.add_argument("--email", required=True)
    password.add_argument("--password-stdin", action="store_true")
    sub.add_parser("rotate-keys")
    purge = sub.add_parser("purge-transcripts")
    purge.add_argument("--days", type=int)
    for name in ("import-postcodes", "import-gp-practices"):
        lookup = sub.add_parser(name)
        lookup.add_argument("file", type=Path)
        lookup.add_argument("--source", required=True, help="where the file came from")
        lookup.add_argument("--published", required=True, help="the publisher's date, e.g. 2026-08")
        if name == "import-postcodes":
            lookup.add_argument("--code-map", type=Path,
                                help="ONS ICB names-and-codes CSV (ICBxxCD, ICBxxCDH)")
    return parser


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password again: "):
        raise SystemExit("the two passwords are not the same")
    return first


def _session(settings: dict[str, Any]) -> Any:
    from case_backend.db import Database
    from case_backend.migrate import upgrade

    if settings["AUTO_MIGRATE"]:
        upgrade(settings["DATABASE_URL"], keys=_keys(settings))
    return Database(settings["DATABASE_URL"])


def _keys(settings: dict[str, Any]) -> Any:
    from case_backend.crypto import Keys

    return Keys.from_settings(settings)


def _run(args: argparse.Namespace, settings: dict[str, Any]) -> int:  # noqa: C901
    command = args.command or "serve"
    if command == "upgrade":
        from case_backend.migrate import current_revision, upgrade

        upgrade(settings["DATABASE_URL"], keys=_keys(settings))
        print(f"database at revision {current_revision(settings['DATABASE_URL'])}")
        return 0
    if command == "serve":
        from waitress import serve

        from case_backend import create_app

        port = int(os.environ.get("CASE_BACKEND_PORT", DEFAULT_PORT))
        app = create_app()
        logging.getLogger(__name__).info("case backend listening on http://127.0.0.1:%d", port)
        serve(app, host="127.0.0.1", port=port, threads=8, ident="case_backend")
        return 0

    from case_backend import accounts, audit, icb, maintenance

    database = _session(settings)
    db = database.session
    try:
        if command == "create-user":
            user = accounts.create_user(db, email=args.email, display_name=args.name,
                                        role=args.role, icb=args.icb,
                                        password=_read_password(args.password_stdin))
            audit.record(db, "user_created", actor="command", user_email=user.email,
                         role=user.role, icb=user.icb)
            print(f"created {user.role} {user.email}")
        elif command == "set-password":
            found = accounts.find_user(db, args.email)
            if found is None:
                raise accounts.AccountError("no account has this email")
            accounts.set_password(db, found, _read_password(args.password_stdin))
            audit.record(db, "password_set", actor="command", user_email=found.email)
            print(f"password set for {found.email}; their sessions have ended")
        elif command == "rotate-keys":
            result = maintenance.rotate_keys(db, _keys(settings))
            print(f"re-encrypted {result.notifications} notifications and {result.notes} notes "
                  "under the first key; the old keys can now be removed")
        elif command == "purge-transcripts":
            days = settings["TRANSCRIPT_RETENTION_DAYS"] if args.days is None else args.days
            count = maintenance.purge_transcripts(db, days)
            print(f"purged {count} transcripts older than {days} days")
        elif command == "import-postcodes":
            result = icb.import_postcodes(db, args.file, source=args.source,
                                          published=args.published, code_map=args.code_map)
            print(f"imported {result.rows} postcodes ({result.skipped_terminated} terminated, "
                  f"{result.unknown_icb} without a known ICB, {result.bad_postcode} unreadable "
                  "skipped)")
        elif command == "import-gp-practices":
            result = icb.import_gp_practices(db, args.file, source=args.source,
                                             published=args.published)
            print(f"imported {result.rows} GP practices ({result.unknown_icb} skipped)")
    except (accounts.AccountError, icb.LookupFileError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    finally:
        database.dispose()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    if args.command == "generate-keys":
        from cryptography.fernet import Fernet

        print(f"CASE_BACKEND_SECRET_KEY={secrets.token_urlsafe(48)}")
        print(f"CASE_BACKEND_ENCRYPTION_KEYS={Fernet.generate_key().decode()}")
        print(f"CASE_BACKEND_INDEX_KEY={secrets.token_urlsafe(48)}")
        return 0
    try:
        settings = load_config()
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return _run(args, settings)


if __name__ == "__main__":
    sys.exit(main())
