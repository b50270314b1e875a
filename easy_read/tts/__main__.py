"""``python -m easy_read.tts prerender``: make the audio of every fixed prompt now.

Uses the gateway's settings (TTS_CACHE_DIR, GATEWAY_SECRET, TTS_ONLINE), so the files
land where the gateway looks for them.
"""

from __future__ import annotations

import argparse
import logging
import sys

from easy_read.tts.engines import SPEEDS
from easy_read.tts.prerender import prerender


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m easy_read.tts")
    sub = parser.add_subparsers(dest="command", required=True)
    pre = sub.add_parser("prerender", help="synthesise every fixed prompt")
    pre.add_argument("--speed", choices=SPEEDS, action="append",
                     help="only this speed (default: all)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    from channels.audio import speech_cache_from_settings
    from channels.config import ConfigError, load_settings

    try:
        cache = speech_cache_from_settings(load_settings())
    except ConfigError as error:
        print(f"easy_read.tts: {error}", file=sys.stderr)
        return 2
    report = prerender(cache, speeds=tuple(args.speed or SPEEDS))
    kinds = ", ".join(f"{n} {suffix}" for suffix, n in sorted(report.by_kind.items()))
    print(f"prompts: {report.prompts}  files: {report.files} ({kinds})  "
          f"size: {report.total_bytes / 1024:.0f} KiB  time: {report.seconds:.1f} s  "
          f"failed: {report.failed}  cache: {cache.directory}")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
