"""The web chat: JSON API for the chat page, the page itself and its static files."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, render_template, request, send_from_directory

from channels.bot_messages import history_from_events, parse_bot_messages
from channels.conversation_ids import sender_id
from channels.gateway import gateway
from channels.http_policy import ApiError
from channels.texts import t
from channels.user_text import MAX_CHARACTERS, EmptyMessage, MessageTooLong, clean_user_text
from channels.web.render import render_history, render_reply

CHANNEL = "web"
LANGUAGE = "en"
START_MESSAGE = "/start"  # Rasa intent shortcut; people's text can never start with "/"
# Static files the page may load; anything else (templates, dotfiles) is not served.
STATIC_SUFFIXES = (".js", ".css", ".svg", ".png", ".webp", ".ico", ".woff2", ".mp3")
PAGE_TEXTS = (
    "title",
    "heading",
    "transcript_label",
    "input_label",
    "send",
    "start_again",
    "noscript",
)
SCRIPT_TEXTS = (
    "choices_label",
    "try_again",
    "start_again_confirm",
    "loading",
    "you_said",
    "bot_said",
)

bp = Blueprint("web", __name__)


def _metadata() -> dict[str, str]:
    return {"channel": CHANNEL, "language": LANGUAGE}


def _sender(conversation_id: str) -> str:
    if not gateway().web_ids.is_valid(conversation_id):
        raise ApiError(404, "conversation_not_found", "gateway.error.conversation_not_found")
    return sender_id(CHANNEL, conversation_id)


def _json_object() -> dict[str, Any]:
    """The request body as a JSON object; 400 otherwise (413 when too big)."""
    invalid = ApiError(400, "invalid_request", "gateway.error.invalid_request")
    # Requiring the JSON content type also keeps other sites' plain forms out.
    if not request.is_json:
        raise invalid
    if not request.get_data(cache=True):
        return {}
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise invalid
    return body


@bp.post("/api/chat/conversations")
def create_conversation():
    _json_object()
    conversation_id = gateway().web_ids.issue()
    replies = gateway().rasa.send_message(
        sender_id(CHANNEL, conversation_id), START_MESSAGE, _metadata()
    )
    return {
        "conversation_id": conversation_id,
        "messages": render_reply(parse_bot_messages(replies)),
    }, 201


@bp.post("/api/chat/conversations/<conversation_id>/messages")
def post_message(conversation_id: str):
    sender = _sender(conversation_id)
    text = _json_object().get("text")
    if not isinstance(text, str):
        raise ApiError(400, "invalid_request", "gateway.error.invalid_request")
    try:
        cleaned = clean_user_text(text, MAX_CHARACTERS)
    except EmptyMessage:
        raise ApiError(400, "empty_message", "gateway.error.empty_message") from None
    except MessageTooLong:
        raise ApiError(
            413, "message_too_long", "gateway.error.message_too_long", {"limit": MAX_CHARACTERS}
        ) from None
    replies = gateway().rasa.send_message(sender, cleaned, _metadata())
    return {"messages": render_reply(parse_bot_messages(replies))}


@bp.get("/api/chat/conversations/<conversation_id>")
def get_conversation(conversation_id: str):
    sender = _sender(conversation_id)
    events = gateway().rasa.tracker_events(sender)
    return {
        "conversation_id": conversation_id,
        "messages": render_history(history_from_events(events)),
    }


def page_texts() -> tuple[dict[str, str], dict[str, str]]:
    """Words of the chat page: for the HTML, and for the script (as JSON in the page)."""
    texts = {key: t(f"gateway.page.{key}", locale=LANGUAGE) for key in PAGE_TEXTS}
    script_texts = {key: t(f"gateway.page.{key}", locale=LANGUAGE) for key in SCRIPT_TEXTS}
    # Placeholders the script fills in; works with any python-i18n style formatter.
    script_texts["progress"] = t("gateway.page.progress", locale=LANGUAGE, step="{step}", of="{of}")
    for key in ("empty_message", "cannot_connect", "conversation_not_found"):
        script_texts[key] = t(f"gateway.error.{key}", locale=LANGUAGE)
    return texts, script_texts


@bp.get("/")
def page():
    texts, script_texts = page_texts()
    return render_template(
        "index.html",
        lang=LANGUAGE,
        texts=texts,
        script_texts=script_texts,
        max_characters=MAX_CHARACTERS,
    )


@bp.get("/widget/<path:filename>")
def widget_file(filename: str) -> Response:
    name = filename.rsplit("/", 1)[-1]
    if name.startswith(".") or not name.lower().endswith(STATIC_SUFFIXES):
        abort(404)
    # send_from_directory uses safe_join: "..", absolute paths and directories are 404.
    return send_from_directory(gateway().settings.widget_dir, filename)
