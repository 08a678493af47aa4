"""Each adapter against a real HTTP server on 127.0.0.1: the request it sends (shape, auth, idempotency
key) and how it reads the answer (accepted, duplicate, temporary and permanent failures)."""

import json

import pytest
from django.core import mail

from thanthien.notifications.channels import (
    ChannelError,
    EmailChannel,
    EsmsChannel,
    FileChannel,
    HttpSmsChannel,
    ZaloOAChannel,
)
from thanthien.notifications.models import Notification
from thanthien.notifications.tests.fake_gateway import FakeGateway

pytestmark = pytest.mark.django_db

TEXT = "Hồ sơ HC-2026-00012 đã có kết quả tại Bộ phận một cửa Xã Hoằng Cát."


@pytest.fixture
def message(commune):
    return Notification.objects.create(
        unit=commune, recipient="0912 345 678", body=TEXT, dedupe_key="dossier:12:ready"
    )


def generic(gateway, **config):
    return HttpSmsChannel(
        {
            "url": f"{gateway.url}/api/sms",
            "headers": {"Authorization": "Bearer s3cret-token"},
            "success_field": "result.code",
            "success_values": ["0"],
            "message_id_field": "result.id",
            "timeout": 2,
            **config,
        }
    )


# --- the generic HTTP gateway ----------------------------------------------------------------------
def test_the_generic_gateway_gets_the_json_body_of_its_template_with_auth_and_idempotency_key(message):
    with FakeGateway(script=[(200, {"result": {"code": 0, "id": "abc-1"}})]) as gateway:
        sent = generic(
            gateway,
            body={"sms": {"to": "{phone}", "content": "{text}", "from": "{sender}"}, "ref": "{key}"},
            sender="UBND HOANG CAT",
            phone_format="84",
        ).send(message)

    request = gateway.requests[0]
    assert (request.method, request.path) == ("POST", "/api/sms")
    assert request.headers["authorization"] == "Bearer s3cret-token"
    assert request.headers["idempotency-key"] == message.idempotency_key
    assert request.json == {
        "sms": {
            "to": "84912345678",
            "content": "Ho so HC-2026-00012 da co ket qua tai Bo phan mot cua Xa Hoang Cat.",
            "from": "UBND HOANG CAT",
        },
        "ref": message.idempotency_key,
    }
    assert (sent.message_id, sent.segments) == ("abc-1", 1)


def test_the_generic_gateway_can_take_a_form_and_unicode_text(message):
    with FakeGateway(script=[(202, {})]) as gateway:
        generic(
            gateway,
            format="form",
            body={"dest": "{phone}", "msg": "{text}"},
            unicode=True,
            success_field="",
            message_id_field="",
            phone_format="national",
        ).send(message)

    request = gateway.requests[0]
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert request.form == {"dest": "0912345678", "msg": TEXT}


@pytest.mark.parametrize(
    ("status", "answer", "permanent", "says"),
    [
        (200, {"result": {"code": 7}}, False, "result.code = 7"),
        (500, {"error": "busy"}, False, "500"),
        (429, {"error": "slow down"}, False, "429"),
        (401, {"error": "wrong key"}, True, "401"),
        (400, {"error": "bad number"}, True, "400"),
    ],
)
def test_the_generic_gateway_tells_a_retry_from_a_refusal(message, status, answer, permanent, says):
    with FakeGateway(script=[(status, answer)]) as gateway, pytest.raises(ChannelError) as failed:
        generic(gateway).send(message)

    assert failed.value.permanent is permanent
    assert says in str(failed.value)


def test_a_gateway_that_stalls_past_the_timeout_is_a_failure_to_retry(message):
    with FakeGateway(stall_rate=1.0, stall_seconds=0.5) as gateway, pytest.raises(ChannelError) as failed:
        generic(gateway, timeout=0.1, success_field="", message_id_field="").send(message)

    assert not failed.value.permanent
    assert "0.1" in str(failed.value)
    assert (
        message.idempotency_key in gateway.delivered
    )  # it was accepted all the same: a retry is a duplicate


def test_a_number_that_is_no_mobile_is_refused_before_any_request(commune):
    landline = Notification.objects.create(unit=commune, recipient="02438253536", body="x", dedupe_key="l")

    with FakeGateway(script=[(200, {})]) as gateway, pytest.raises(ChannelError) as failed:
        generic(gateway).send(landline)

    assert failed.value.permanent and not gateway.requests


# --- eSMS.vn ---------------------------------------------------------------------------------------
def esms(gateway, **config):
    return EsmsChannel(
        {
            "url": f"{gateway.url}/MainService.svc/json/SendMultipleMessage_V4_post_json/",
            "api_key": "K",
            "secret_key": "S",
            "brandname": "UBND_HCAT",
            "timeout": 2,
            **config,
        }
    )


def test_esms_gets_its_documented_body_with_the_key_as_request_id(message):
    with FakeGateway(script=[(200, {"CodeResult": "100", "CountRegenerate": 0, "SMSID": "d533"})]) as gateway:
        sent = esms(gateway).send(message)

    request = gateway.requests[0]
    assert request.path == "/MainService.svc/json/SendMultipleMessage_V4_post_json/"
    assert request.json == {
        "ApiKey": "K",
        "SecretKey": "S",
        "Brandname": "UBND_HCAT",
        "SmsType": "2",
        "Phone": "0912345678",
        "Content": "Ho so HC-2026-00012 da co ket qua tai Bo phan mot cua Xa Hoang Cat.",
        "IsUnicode": "0",
        "Sandbox": "0",
        "RequestId": message.idempotency_key,
    }
    assert sent.message_id == "d533"


def test_esms_duplicate_request_id_means_it_was_already_accepted(message):
    answer = {"CodeResult": "124", "CountRegenerate": 0, "ErrorMessage": "Request exist 1", "SendStatus": "5"}
    with FakeGateway(script=[(200, answer)]) as gateway:
        sent = esms(gateway).send(message)

    assert sent.message_id == ""


@pytest.mark.parametrize(("code", "permanent"), [("101", True), ("104", True), ("99", True), ("103", False)])
def test_esms_refusals_are_permanent_except_those_that_can_pass(message, code, permanent):
    answer = {"CodeResult": code, "ErrorMessage": "Authorize Failed"}
    with FakeGateway(script=[(200, answer)]) as gateway, pytest.raises(ChannelError) as failed:
        esms(gateway).send(message)

    assert failed.value.permanent is permanent
    assert code in str(failed.value)


def test_esms_without_an_account_sends_nothing_and_keeps_the_message_for_later(message):
    with FakeGateway(script=[(200, {"CodeResult": "100"})]) as gateway, pytest.raises(ChannelError) as failed:
        esms(gateway, api_key="").send(message)

    assert not failed.value.permanent and not gateway.requests
    assert "ESMS_API_KEY" in str(failed.value)


# --- Zalo OA ---------------------------------------------------------------------------------------
def zalo(gateway):
    return ZaloOAChannel({"url": f"{gateway.url}/v3.0/oa/message/cs", "access_token": "tok", "timeout": 2})


def test_zalo_gets_the_access_token_header_and_the_recipient_user_id(commune):
    follower = Notification.objects.create(
        unit=commune, channel="zalo", recipient="4242424242", body=TEXT, dedupe_key="z:1"
    )
    answer = {"error": 0, "message": "Success", "data": {"message_id": "m-9", "user_id": "4242424242"}}
    with FakeGateway(script=[(200, answer)]) as gateway:
        sent = zalo(gateway).send(follower)

    request = gateway.requests[0]
    assert request.path == "/v3.0/oa/message/cs"
    assert request.headers["access_token"] == "tok"
    assert request.json == {"recipient": {"user_id": "4242424242"}, "message": {"text": TEXT}}
    assert sent.message_id == "m-9"


def test_a_zalo_error_code_is_a_failure(commune):
    follower = Notification.objects.create(
        unit=commune, channel="zalo", recipient="42", body="x", dedupe_key="z"
    )
    answer = {"error": -216, "message": "Access token is invalid"}
    with FakeGateway(script=[(200, answer)]) as gateway, pytest.raises(ChannelError) as failed:
        zalo(gateway).send(follower)

    assert "-216" in str(failed.value) and "Access token is invalid" in str(failed.value)


# --- e-mail and the file -----------------------------------------------------------------------------
def test_an_email_goes_through_djangos_backend_with_a_stable_message_id(commune, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    note = Notification.objects.create(
        unit=commune, channel="email", recipient="an.nguyen@example.vn", body=TEXT, dedupe_key="e:1"
    )

    sent = EmailChannel().send(note)

    email = mail.outbox[0]
    assert email.to == ["an.nguyen@example.vn"] and email.body == TEXT
    assert "Xã Hoằng Cát" in email.subject
    assert email.extra_headers["Message-ID"] == sent.message_id
    assert note.idempotency_key in sent.message_id


def test_the_file_channel_writes_one_line_per_message(message, tmp_path):
    FileChannel(tmp_path / "outbox.jsonl").send(message)

    line = json.loads((tmp_path / "outbox.jsonl").read_text(encoding="utf-8"))
    assert (line["to"], line["body"], line["idempotency_key"]) == (
        "0912 345 678",
        TEXT,
        message.idempotency_key,
    )


def test_an_email_to_an_address_that_is_none_is_refused_for_good(commune):
    note = Notification.objects.create(
        unit=commune, channel="email", recipient="không-phải-địa-chỉ", body=TEXT, dedupe_key="e:2"
    )

    with pytest.raises(ChannelError) as failed:
        EmailChannel().send(note)

    assert failed.value.permanent and not mail.outbox
