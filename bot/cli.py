"""The ``whatcanwedo`` command: serve, chat, replay."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from bot import logs
from bot.channels import ChannelSettings, reachable_channels
from bot.encoder_files import ModelFileError
from bot.settings import Settings
from store.lock import DatabaseInUse, only_server

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    """The command line, one sub-command per way of running the bot."""
    parser = argparse.ArgumentParser(prog="whatcanwedo", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser(
        "serve", help="run the web server: webhooks, inbox (and the sandbox with WCWD_SANDBOX=on)"
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--processes",
        type=_at_least_one,
        default=1,
        metavar="N",
        help="with 2 or more: one process answers, N-1 take webhooks (see README)",
    )

    chat = commands.add_parser("chat", help="talk to the bot in this terminal")
    chat.add_argument(
        "--as",
        dest="address",
        default="+447700900123",
        help="the phone number (or name) you are texting from",
    )

    imports = commands.add_parser("import", help="load local groups or the roster")
    kinds = imports.add_subparsers(dest="kind", required=True)
    kinds.add_parser("hsds", help="an Open Referral HSDS 3.0 file or folder").add_argument(
        "path", type=Path
    )
    kinds.add_parser("people", help="a roster: a JSON list of people").add_argument(
        "path", type=Path
    )
    kinds.add_parser("sample", help="the fictional Eastfield directory, if none is loaded")

    telegram = commands.add_parser("telegram", help="set up or run the Telegram channel")
    modes = telegram.add_subparsers(dest="mode", required=True)
    modes.add_parser(
        "set-webhook", help="register WCWD_PUBLIC_URL/telegram/webhook with the secret"
    )
    modes.add_parser("poll", help="run with long polling instead (no public URL needed)")

    replay = commands.add_parser("replay", help="play a JSONL script, print what is sent")
    replay.add_argument("script", type=Path)
    replay.add_argument("--db", type=Path, help="database file (default: WCWD_DB)")
    replay.add_argument(
        "--start",
        type=_moment,
        help="the clock's starting time, ISO 8601 with a zone (default: now)",
    )
    insights = commands.add_parser(
        "insights", help="what people came about and what happened: counts, small ones hidden"
    )
    shape = insights.add_mutually_exclusive_group()
    shape.add_argument("--json", dest="shape", action="store_const", const="json")
    shape.add_argument("--csv", dest="shape", action="store_const", const="csv")
    danger = commands.add_parser(
        "danger", help="how the danger reader reads phrases: one JSON line each"
    )
    danger.add_argument(
        "texts", nargs="*", help='phrases to read (default: JSON lines {"text": ...} on stdin)'
    )
    danger.add_argument(
        "--prepare", action="store_true", help="check the model and build its table, then stop"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
        channels = ChannelSettings()
    except ValidationError as error:
        print(f"whatcanwedo: bad setting: {_settings_problem(error)}", file=sys.stderr)
        return EXIT_USAGE
    logs.configure_for(settings, channels)
    try:
        return _run(args, settings, channels)
    except (DatabaseInUse, ModelFileError) as error:
        print(f"whatcanwedo {args.command}: {error}", file=sys.stderr)
        return EXIT_USAGE


def _run(args: argparse.Namespace, settings: Settings, channels: ChannelSettings) -> int:
    if args.command == "serve":
        from bot.serve import serve

        return serve(settings, channels, args.host, args.port, args.processes)
    if args.command == "chat":
        from bot.chat import chat

        reachable = reachable_channels(channels, settings.sandbox)
        return asyncio.run(chat(settings, args.address, sys.stdin, sys.stdout, reachable))
    if args.command == "telegram":
        return asyncio.run(_telegram(settings, channels, args.mode))
    if args.command == "import":
        return _import(settings, args.kind, getattr(args, "path", None))
    if args.command == "danger":
        return _danger(args.texts, args.prepare)
    if args.command == "insights":
        from bot.insights import print_report

        return asyncio.run(print_report(settings, args.shape, sys.stdout))
    return _replay(settings, args.script, args.db, args.start)


async def _telegram(settings: Settings, channels: ChannelSettings, mode: str) -> int:
    from bot import channels as telegram
    from bot.runtime import Runtime

    try:
        if mode == "set-webhook":
            print(f"webhook set: {await telegram.set_webhook(channels)}")
            return 0
        with only_server(settings.db, "telegram poll"):
            async with Runtime.open(settings, telegram.build_connectors(channels)) as runtime:
                await telegram.poll(channels, runtime)
    except RuntimeError as error:
        print(f"whatcanwedo telegram: {error}", file=sys.stderr)
        return EXIT_USAGE
    return 0


def _import(settings: Settings, kind: str, path: Path | None) -> int:
    from bot import imports

    if kind == "sample":
        return imports.import_sample(settings, sys.stdout)
    assert path is not None
    if kind == "hsds":
        return imports.import_hsds(settings, path, sys.stdout)
    return imports.import_people(settings, path, sys.stdout)


def _danger(texts: list[str], prepare: bool) -> int:
    from bot import danger_cli

    if prepare:
        return danger_cli.prepare(sys.stdout)
    return danger_cli.run(texts or danger_cli.texts_from(sys.stdin), sys.stdout, sys.stderr)


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"a whole number of processes, 1 or more (not {text!r})")
    return value


def _settings_problem(error: ValidationError) -> str:
    first = error.errors()[0]
    name = ".".join(str(part) for part in first["loc"])
    message = str(first["msg"]).removeprefix("Value error, ")
    return f"{name}: {message}" if name else message


def _moment(text: str) -> datetime:
    """An aware moment for --start; argparse turns the ValueError into a usage error."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("give a time zone, e.g. 2026-11-26T09:00:00+00:00")
    return moment.astimezone(UTC)


def _replay(settings: Settings, script: Path, db: Path | None, start: datetime | None) -> int:
    from bot.replay import ScriptError, read_script, replay

    if db is not None:
        settings = settings.model_copy(update={"db": db})

    def emit(line: dict[str, object]) -> None:
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    try:
        asyncio.run(replay(read_script(script), settings, emit, start))
    except ScriptError as error:
        print(f"whatcanwedo replay: {error}", file=sys.stderr)
        return EXIT_USAGE
    return 0


if __name__ == "__main__":
    sys.exit(main())
