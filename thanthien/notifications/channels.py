"""Channel adapters behind one interface: `send(notification) -> Sent`, raising ChannelError on failure.

- `FileChannel`: each message is a line of `data/outbox.jsonl` (and the log): the demo's channel.
- `HttpSmsChannel`: any SMS gateway over HTTP, described by settings (URL, method, JSON or form body
  template, auth header, success rule, where the message id is).
- `EsmsChannel`: eSMS.vn's brandname SMS, `SendMultipleMessage_V4_post_json` as their public developer
  documentation describes it (ApiKey/SecretKey/Brandname in the body, `RequestId` against duplicates,
  `CodeResult` 100 = accepted, 124 = that RequestId was already accepted).
- `ZaloOAChannel`: a Zalo Official Account message (API v3 `message/cs`: `access_token` header, JSON
  body `{"recipient": {"user_id": …}, "message": {"text": …}}`, `{"error": 0, "data": {"message_id"}}`).
- `EmailChannel`: Django's e-mail backends (EMAIL_BACKEND), one stable Message-ID per message.

Every attempt of one message carries the same idempotency key (`Notification.idempotency_key`), so a
gateway that accepted a message but whose answer was lost (a timeout) does not deliver it again.
Adapters are shared by the worker's threads: they keep no per-message state.
"""

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import httpx
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from thanthien.notifications import sms
from thanthien.notifications.models import Notification
from thanthien.notifications.phones import parse_mobile

logger = logging.getLogger(__name__)


class ChannelError(Exception):
    """The gateway refused or could not be reached.

    `permanent`: trying again cannot help (a wrong number, a refused account); the message is marked
    failed at once. Otherwise it stays queued and is tried again after its back-off.
    """

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True)
class Sent:
    """What a gateway said when it accepted a message."""

    message_id: str = ""
    segments: int | None = None


class Channel(Protocol):
    def send(self, notification: Notification) -> Sent: ...


def channel_for(name: str) -> Channel:
    """Return the adapter configured for a channel name (settings.NOTIFICATION_CHANNELS)."""
    path = settings.NOTIFICATION_CHANNELS.get(name) or settings.NOTIFICATION_CHANNELS["default"]
    return import_string(path)()


def masked(recipient: str) -> str:
    """A recipient for the log: only the last 4 characters show (a phone number is personal data)."""
    return recipient[-4:].rjust(len(recipient), "*")


# --- The demo's channel -------------------------------------------------------------------------------
class FileChannel:
    """Append each message to `data/outbox.jsonl` (and the log): the console channel of a demo."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or Path(settings.DATA_DIR) / "outbox.jsonl"

    def send(self, notification: Notification) -> Sent:
        line = {
            "at": timezone.now().isoformat(),
            "channel": notification.channel,
            "to": notification.recipient,
            "body": notification.body,
            "key": notification.dedupe_key,
            "idempotency_key": notification.idempotency_key,
        }
        try:
            with self.path.open("a", encoding="utf-8") as outbox:
                outbox.write(json.dumps(line, ensure_ascii=False) + "\n")
        except OSError as error:
            raise ChannelError(str(error)) from error
        logger.info("message to %s: %s", masked(notification.recipient), notification.body)
        return Sent(message_id=f"file:{notification.idempotency_key}")


# --- HTTP gateways -----------------------------------------------------------------------------------
class _HttpGateway:
    """What the HTTP adapters share: one client (connection reuse, a timeout), errors sorted out."""

    def __init__(self, timeout: float | None = None) -> None:
        self.timeout = timeout if timeout is not None else settings.NOTIFICATION_HTTP_TIMEOUT
        self.client = httpx.Client(timeout=self.timeout, follow_redirects=False)

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """Send one request; raise ChannelError (temporary or permanent) unless the gateway answered 2xx."""
        try:
            response = self.client.request(method, url, **kwargs)
        except httpx.TimeoutException as error:
            raise ChannelError(
                _("The gateway did not answer within %(seconds)s seconds.") % {"seconds": self.timeout}
            ) from error
        except httpx.HTTPError as error:
            raise ChannelError(_("The gateway could not be reached: %(error)s") % {"error": error}) from error
        if response.is_success:
            return response
        permanent = 400 <= response.status_code < 500 and response.status_code not in (408, 409, 425, 429)
        raise ChannelError(
            _("The gateway answered %(status)s: %(body)s")
            % {"status": response.status_code, "body": response.text[:200]},
            permanent=permanent,
        )

    def close(self) -> None:
        self.client.close()


def _json_of(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError as error:
        raise ChannelError(
            _("The gateway's answer is not JSON: %(body)s") % {"body": response.text[:200]}
        ) from error


def _dig(data: Any, dotted: str) -> Any:
    """`_dig({"data": {"id": 7}}, "data.id")` → 7; None where the path is missing."""
    for part in dotted.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _sms_text(notification: Notification, config: dict[str, Any]) -> str:
    return sms.prepare(
        notification.body,
        unicode=config.get("unicode", settings.SMS_UNICODE),
        max_segments=config.get("max_segments", settings.SMS_MAX_SEGMENTS),
    )


def _phone_of(notification: Notification, style: str) -> str:
    try:
        return parse_mobile(notification.recipient).formatted(style)
    except ValidationError as error:
        raise ChannelError(" ".join(error.messages), permanent=True) from error


class HttpSmsChannel(_HttpGateway):
    """Any SMS gateway over HTTP, described by `settings.SMS_GATEWAY` (or the `config` given).

    The body template is JSON; in its strings `{phone}`, `{text}`, `{key}` and `{sender}` are replaced by
    the number (in `phone_format`), the text (prepared for `unicode` and `max_segments`), the idempotency
    key and the sender name. `format` "form" sends it as an HTML form instead. Success: an HTTP status in
    `success_status` and, when `success_field` is set, that field of the JSON answer (dotted path) among
    `success_values`. The key also goes in the `idempotency_header`.
    """

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        self.config = {**settings.SMS_GATEWAY, **(config or {})}
        super().__init__(self.config.get("timeout"))

    def send(self, notification: Notification) -> Sent:
        config = self.config
        if not config.get("url"):
            raise ChannelError(_("No SMS gateway URL is configured (SMS_GATEWAY_URL)."))
        text = _sms_text(notification, config)
        values = {
            "{phone}": _phone_of(notification, config.get("phone_format", "e164")),
            "{text}": text,
            "{key}": notification.idempotency_key,
            "{sender}": config.get("sender", ""),
        }
        body = _fill(config.get("body") or {"to": "{phone}", "text": "{text}", "id": "{key}"}, values)
        headers = dict(config.get("headers") or {})
        if config.get("idempotency_header"):
            headers[config["idempotency_header"]] = notification.idempotency_key
        payload = {"data": body} if config.get("format") == "form" else {"json": body}
        response = self.request(config.get("method", "POST"), config["url"], headers=headers, **payload)
        return Sent(message_id=self._accepted_id(response), segments=sms.measure(text).segments)

    def _accepted_id(self, response: httpx.Response) -> str:
        config = self.config
        if response.status_code not in [int(code) for code in config.get("success_status", [200, 201, 202])]:
            raise ChannelError(_("The gateway answered %(status)s.") % {"status": response.status_code})
        field, id_field = config.get("success_field"), config.get("message_id_field")
        data = _json_of(response) if field or id_field else None
        if field:
            value = _dig(data, field)
            if str(value) not in [str(accepted) for accepted in config.get("success_values", [])]:
                raise ChannelError(
                    _("The gateway did not accept the message: %(field)s = %(value)s")
                    % {"field": field, "value": value}
                )
        return str(_dig(data, id_field) or "") if id_field else ""


def _fill(template: Any, values: dict[str, str]) -> Any:
    """Replace the placeholders in every string of a JSON-like template (never `str.format`)."""
    if isinstance(template, dict):
        return {key: _fill(value, values) for key, value in template.items()}
    if isinstance(template, list):
        return [_fill(value, values) for value in template]
    if isinstance(template, str):
        for placeholder, value in values.items():
            template = template.replace(placeholder, value)
    return template


class EsmsChannel(_HttpGateway):
    """eSMS.vn brandname SMS (customer care, SmsType 2), from their public developer documentation."""

    ACCEPTED, DUPLICATE_REQUEST = "100", "124"
    # Retrying helps: not enough balance (103), the server's address not yet whitelisted (140).
    TEMPORARY = {"103", "140"}

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        self.config = {**settings.ESMS, **(config or {})}
        super().__init__(self.config.get("timeout"))

    def send(self, notification: Notification) -> Sent:
        config = self.config
        if not (config.get("api_key") and config.get("secret_key") and config.get("brandname")):
            raise ChannelError(
                _("The eSMS account is not configured (ESMS_API_KEY, ESMS_SECRET_KEY, ESMS_BRANDNAME).")
            )
        unicode = config.get("unicode", settings.SMS_UNICODE)
        text = _sms_text(notification, config)
        body = {
            "ApiKey": config["api_key"],
            "SecretKey": config["secret_key"],
            "Brandname": config["brandname"],
            "SmsType": str(config.get("sms_type", "2")),
            "Phone": _phone_of(notification, config.get("phone_format", "national")),
            "Content": text,
            "IsUnicode": "1" if unicode else "0",
            "Sandbox": "1" if config.get("sandbox") else "0",
            "RequestId": notification.idempotency_key,
        }
        data = _json_of(self.request("POST", config["url"], json=body))
        code = str(data.get("CodeResult", "")) if isinstance(data, dict) else ""
        if code in (self.ACCEPTED, self.DUPLICATE_REQUEST):
            return Sent(message_id=str(data.get("SMSID") or ""), segments=sms.measure(text).segments)
        error = _("eSMS refused the message (code %(code)s): %(message)s") % {
            "code": code or "?",
            "message": (data.get("ErrorMessage") if isinstance(data, dict) else "") or "",
        }
        raise ChannelError(error, permanent=code not in self.TEMPORARY and code != "")


class ZaloOAChannel(_HttpGateway):
    """A text message from the commune's Zalo Official Account to a follower (recipient: Zalo user id).

    The Zalo OA API takes no idempotency key; the key is sent as a header all the same (a proxy or a
    later API may use it), and Zalo's own `error` codes are all treated as worth another try.
    """

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        self.config = {**settings.ZALO_OA, **(config or {})}
        super().__init__(self.config.get("timeout"))

    def send(self, notification: Notification) -> Sent:
        if not self.config.get("access_token"):
            raise ChannelError(_("No Zalo OA access token is configured (ZALO_OA_ACCESS_TOKEN)."))
        headers = {
            "access_token": self.config["access_token"],
            "Idempotency-Key": notification.idempotency_key,
        }
        body = {"recipient": {"user_id": notification.recipient}, "message": {"text": notification.body}}
        data = _json_of(self.request("POST", self.config["url"], headers=headers, json=body))
        error = _dig(data, "error")
        if error != 0:
            raise ChannelError(
                _("Zalo refused the message (error %(code)s): %(message)s")
                % {"code": error, "message": _dig(data, "message") or ""}
            )
        return Sent(message_id=str(_dig(data, "data.message_id") or ""))


# --- E-mail -------------------------------------------------------------------------------------------
class EmailChannel:
    """An e-mail through Django's configured backend (SMTP in production, the console in development).

    Its Message-ID is built from the idempotency key, so a resent copy is recognisable as the same message.
    """

    def send(self, notification: Notification) -> Sent:
        try:
            validate_email(notification.recipient)
        except ValidationError as error:
            raise ChannelError(" ".join(error.messages), permanent=True) from error
        message_id = f"<{notification.idempotency_key}@{settings.NOTIFICATION_EMAIL_DOMAIN}>"
        email = EmailMessage(
            subject=_("Message from %(unit)s") % {"unit": notification.unit.name},
            body=notification.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.recipient],
            headers={"Message-ID": message_id},
        )
        try:
            email.send(fail_silently=False)
        except (OSError, ValueError) as error:  # smtplib's errors are OSErrors
            raise ChannelError(_("The e-mail could not be sent: %(error)s") % {"error": error}) from error
        return Sent(message_id=message_id)
