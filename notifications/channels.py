"""Transports that deliver an outbox message on its channel: email, webhook, in-app."""

from __future__ import annotations

import smtplib
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation

from incidents.selectors import display_preferences
from notifications.conf import notification_settings
from notifications.messages import message_render
from notifications.models import Channel, Notification
from notifications.signing import webhook_body, webhook_headers

RESPONSE_EXCERPT_BYTES = 1024
# Worth trying again: the receiver timed out or asked us to slow down (RFC 9110 §15.5.9, RFC 6585).
RETRYABLE_CLIENT_ERRORS = frozenset({408, 429})


@dataclass(frozen=True)
class Delivered:
    """What a successful delivery returned."""

    status_code: int | None = None
    duration_ms: int = 0
    response_excerpt: str = ""


class TransportError(Exception):
    """A delivery failed; `permanent` says whether trying again could help."""

    def __init__(
        self,
        message: str,
        *,
        permanent: bool = False,
        status_code: int | None = None,
        duration_ms: int = 0,
        response_excerpt: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent
        self.status_code = status_code
        self.duration_ms = duration_ms
        self.response_excerpt = response_excerpt


class RecipientGone(TransportError):
    """The user was deactivated or the subscription switched off: the message is cancelled."""

    def __init__(self, message: str) -> None:
        super().__init__(message, permanent=True)


class Transport(ABC):
    """Delivers outbox messages of one channel; `notify` checks the recipient, `send` delivers."""

    channel: ClassVar[str]

    def notify(self, message: Any) -> Delivered:
        """Deliver the message, raising TransportError (permanent or not) when it cannot."""
        self.check_recipient(message)
        return self.send(message)

    def check_recipient(self, message: Any) -> None:
        """Refuse a message whose user is gone or inactive."""
        if message.user is None or not message.user.is_active:
            raise RecipientGone("The recipient is no longer an active user.")

    @abstractmethod
    def send(self, message: Any) -> Delivered:
        """Hand the message to the channel."""


def message_for_reader(message: Any) -> tuple[str, str]:
    """The subject and body of an e-mail or in-app message, in its reader's language and time
    zone (their preferences): one rendering for both channels, so they say the same."""
    language, zone = display_preferences(user=message.user)
    return message_in(message.event, language=language or settings.LANGUAGE_CODE, zone=zone)


def message_in(event: Any, *, language: str, zone: str) -> tuple[str, str]:
    """The subject and body of an event's message in a language, times in `zone` and UTC."""
    with translation.override(language):
        return message_render(
            event=event.name, payload=event.payload, is_drill=event.is_drill, zone=zone
        )


def notification_text(notification: Notification, *, language: str, zone: str) -> tuple[str, str]:
    """An in-app notification's title and body, rendered when it is read from its event's data
    (event, incident, regime, recipient, due time) in the reader's language, as an e-mail of the
    same message says it.

    A notification without a message (written before messages were kept, or whose message was
    removed) shows the text stored when it was delivered, in the language of that moment.
    """
    message = notification.message
    if message is None:
        return notification.title, notification.body
    return message_in(message.event, language=language, zone=zone)


class EmailTransport(Transport):
    """Email through Django's configured backend (EMAIL_URL)."""

    channel = Channel.EMAIL

    def check_recipient(self, message: Any) -> None:
        super().check_recipient(message)
        if not message.user.email:
            raise RecipientGone("The recipient has no email address.")

    def send(self, message: Any) -> Delivered:
        host = urlsplit(settings.SITE_URL).hostname or "breachdesk"
        subject, body = message_for_reader(message)
        email = EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.user.email],
            # A stable Message-ID lets mail systems drop the copy a crashed sender may resend.
            headers={
                "Message-ID": f"<{message.uuid}@{host}>",
                "X-Breachdesk-Event": message.event.name,
            },
        )
        try:
            email.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as exc:
            raise TransportError(f"Recipient refused: {exc}", permanent=True) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise TransportError(f"{type(exc).__name__}: {exc}") from exc
        return Delivered()


class InAppTransport(Transport):
    """A row in the user's notification list; idempotent because it is keyed by the message."""

    channel = Channel.IN_APP

    def send(self, message: Any) -> Delivered:
        title, body = message_for_reader(message)
        Notification.objects.get_or_create(
            message=message,
            defaults={
                "user": message.user,
                "event": message.event.name,
                "title": title,
                "body": body,
                "url": message.event.url,
                "incident_id": message.event.incident_id,
                "created_at": message.event.created_at,
            },
        )
        return Delivered()


class WebhookTransport(Transport):
    """A signed JSON POST to the subscription's URL."""

    channel = Channel.WEBHOOK

    def check_recipient(self, message: Any) -> None:
        subscription = message.subscription
        if subscription is None or not subscription.is_active:
            raise RecipientGone("The webhook subscription was deleted or switched off.")
        if message.event.is_drill:
            raise RecipientGone("Drills never call external webhooks.")

    def send(self, message: Any) -> Delivered:
        subscription = message.subscription
        body = webhook_body(message)
        headers = webhook_headers(message, subscription.secret, body, _signed_at(message))
        config = notification_settings()
        started = time.monotonic()
        try:
            response = requests.post(
                subscription.url,
                data=body,
                headers=headers,
                timeout=(config.webhook_connect_timeout, config.webhook_read_timeout),
                allow_redirects=False,
                stream=True,
            )
        except requests.RequestException as exc:
            raise TransportError(
                f"{type(exc).__name__}: {exc}", duration_ms=_elapsed_ms(started)
            ) from exc
        with response:
            excerpt = _excerpt(response)
        code, elapsed = response.status_code, _elapsed_ms(started)
        if 200 <= code < 300:
            return Delivered(status_code=code, duration_ms=elapsed, response_excerpt=excerpt)
        # Redirects are not followed (a POST must not wander) and other 4xx mean the receiver
        # refuses this request as it is: trying again cannot help.
        permanent = code < 500 and code not in RETRYABLE_CLIENT_ERRORS
        raise TransportError(
            f"HTTP {code}",
            permanent=permanent,
            status_code=code,
            duration_ms=elapsed,
            response_excerpt=excerpt,
        )


def _signed_at(message: Any) -> int:
    """The signature's timestamp: the moment the sender claimed the message, in Unix seconds."""
    return int(message.claimed_at.timestamp())


def _elapsed_ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def _excerpt(response: requests.Response) -> str:
    """The start of the response body, for the delivery log."""
    try:
        raw = response.raw.read(RESPONSE_EXCERPT_BYTES, decode_content=True) or b""
    except (requests.RequestException, OSError, ValueError):
        return ""
    return raw.decode("utf-8", errors="replace")


TRANSPORTS: dict[str, type[Transport]] = {
    transport.channel: transport for transport in (EmailTransport, InAppTransport, WebhookTransport)
}


def transport_for(channel: str) -> Transport:
    """The transport that delivers this channel's messages."""
    return TRANSPORTS[channel]()
