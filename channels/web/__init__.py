"""The web chat: JSON API for the chat page, the page itself and its static files."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    render_template,
    request,
    send_from_directory,
    url_for,
)

from channels.audio import with_audio
from channels.bot_messages import history_from_events, parse_bot_messages
from channels.conversation_ids import sender_id
from channels.gateway import gateway
from channels.http_policy import ApiError
from channels.texts import t
from channels.user_text import MAX_CHARACTERS, EmptyMessage, MessageTooLong, clean_user_text
from channels.web import pictures, widget_texts
from channels.web.render import render_history, render_reply

CHANNEL = "web"
LANGUAGE = "en"
START_MESSAGE = "/start"  # Rasa intent shortcut; people's text can never start with "/"
# Static files the page may load; anything else (templates, dotfiles) is not served.
STATIC_SUFFIXES = (".js", ".css", ".svg", ".png", ".webp", ".ico", ".woff2", ".mp3")
# Files of web_widget/ that are templates, served only rendered (at / and /embed.js).
TEMPLATES = ("index.html", "embed.js")
# Pictures the page template itself shows (keys "widget.<name>" of easy_read/pictures.yml).
PAGE_ICONS = ("leave", "stop", "speak", "favicon")

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
        "messages": render_reply(with_audio(parse_bot_messages(replies), LANGUAGE)),
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
    return {"messages": render_reply(with_audio(parse_bot_messages(replies), LANGUAGE))}


@bp.get("/api/chat/conversations/<conversation_id>")
def get_conversation(conversation_id: str):
    sender = _sender(conversation_id)
    events = gateway().rasa.tracker_events(sender)
    turns = [
        replace(turn, message=with_audio([turn.message], LANGUAGE)[0])
        if turn.message is not None else turn
        for turn in history_from_events(events)
    ]
    return {
        "conversation_id": conversation_id,
        "messages": render_history(turns),
    }


def page_texts() -> tuple[dict[str, str], dict[str, str]]:
    """Words of the chat page: for the HTML, and for the script (as JSON in the page)."""
    script_texts = widget_texts.script_texts(LANGUAGE)
    # The API's own error words, for when the script cannot reach it at all.
    for key in ("empty_message", "cannot_connect", "conversation_not_found"):
        script_texts[key] = t(f"gateway.error.{key}", locale=LANGUAGE)
    return widget_texts.page_texts(LANGUAGE), script_texts


def _picture_url(picture_id: str) -> str:
    symbol_set, name = (pictures.picture_path(picture_id) or "/").split("/")
    return url_for("web.picture_file", symbol_set=symbol_set, name=name)


@bp.get("/")
def page():
    texts, script_texts = page_texts()
    page_pictures = pictures.page_pictures()
    return render_template(
        "index.html",
        lang=LANGUAGE,
        texts=texts,
        script_texts=script_texts,
        pictures=page_pictures,
        # The script makes picture addresses as <base><set>/<name>.svg.
        pictures_base=url_for("web.page") + "pictures/",
        icons={key: _picture_url(page_pictures[key]) for key in PAGE_ICONS},
        exit_url=gateway().settings.exit_url,
        max_characters=MAX_CHARACTERS,
    )


@bp.get("/embed.js")
def embed_script() -> Response:
    """One script tag puts the chat on another site (in a frame of this page)."""
    body = render_template("embed.js", texts=widget_texts.page_texts(LANGUAGE))
    response = Response(body, mimetype="text/javascript")
    # Other sites load this one file; everything else stays same-origin.
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@bp.get("/pictures/<symbol_set>/<name>")
def picture_file(symbol_set: str, name: str) -> Response:
    path = pictures.picture_path(f"{symbol_set}:{name.removesuffix('.svg')}")
    if path is None or not name.endswith(".svg"):
        abort(404)
    response = send_from_directory(pictures.PICTURES_DIR, path, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@bp.get("/widget/<path:filename>")
def widget_file(filename: str) -> Response:
    name = filename.rsplit("/", 1)[-1]
    if name.startswith(".") or not name.lower().endswith(STATIC_SUFFIXES) or name in TEMPLATES:
        abort(404)
    # send_from_directory uses safe_join: "..", absolute paths and directories are 404.
    return send_from_directory(gateway().settings.widget_dir, filename)
