"""Hostile input on the forms of matching, meetings, messages, outcomes, consortia,
notifications, API tokens and webhooks that a non-staff person can submit.

Each property: never a server error; text within the field's limit is stored and reads back
equal (long, Chinese, Arabic, emoji, control characters); anything else is refused with a
message and changes nothing. The world is the authorization matrix's (one of everything).
"""

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from matchmaking.api.models import ApiToken
from matchmaking.consortia.models import Consortium
from matchmaking.meetings.models import MeetingRequest
from matchmaking.messaging.models import Message
from matchmaking.models import BuyerDecision, SmeFeedback
from matchmaking.notifications.models import Notification, NotificationPreference
from matchmaking.outcomes.models import MeetingFeedback, Outcome
from matchmaking.webhooks.models import Webhook
from tests.hostile_text import HOSTILE, SAMPLES, form_errors, hostile_text, rolled_back, stored

from .authorization_world import build_world

pytestmark = pytest.mark.django_db

NUL = "nul\x00byte"
# Strings that look like numbers to str.isdigit() but not to int(), or overflow a column.
NOT_IDS = ["²", "١٢", "9" * 30, "-1", "1e3", "", " 1", "0x10", "１２"]


@pytest.fixture
def world(request, django_capture_on_commit_callbacks):
    return build_world(request.getfixturevalue, django_capture_on_commit_callbacks)


def _fits(value: str, limit: int) -> bool:
    kept = stored(value)
    return "\x00" not in value and 0 < len(kept) <= limit


def _messages(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


# --- Messages ----------------------------------------------------------------------------


@HOSTILE
@given(body=hostile_text(4000))
@example(body="你好，我们想讨论江北新区的供热网络。🔥")
@example(body="مرحبا " * 800)
@example(body=NUL)
@example(body=" \t\n ")
def test_a_message_keeps_any_text_or_is_refused(world, sme_owner_client, body):
    url = reverse("matchmaking:message_thread", args=[world.values["demand"],
                                                      world.values["sme_id"]])  # fmt: skip
    before = list(Message.objects.values_list("pk", flat=True))
    with rolled_back():
        response = sme_owner_client.post(url, {"body": body}, follow=True)
        assert response.status_code == 200
        new = Message.objects.exclude(pk__in=before)
        if _fits(body, 4000):
            assert [m.body for m in new] == [stored(body)]
            assert _messages(response) == [("success", "Your message has been sent.")]
        else:
            assert not new.exists()
            assert [level for level, _ in _messages(response)] == ["error"]


# --- Meeting requests --------------------------------------------------------------------


@HOSTILE
@given(message=hostile_text(2000))
@example(message="希望在南京见面。" * 250)
@example(message=NUL)
def test_a_meeting_request_keeps_any_message_or_is_refused(world, other_sme_client, message):
    """The other SME asks the buyer of the mission's demand project for a meeting."""
    url = reverse("matchmaking:meeting_request_create")
    pair = {"demand": world.values["demand"], "sme": world.values["other_sme_id"]}
    with rolled_back():
        before = set(MeetingRequest.objects.values_list("pk", flat=True))
        response = other_sme_client.post(url, {**pair, "message": message})
        new = MeetingRequest.objects.exclude(pk__in=before)
        if "\x00" not in message and len(stored(message)) <= 2000:
            assert response.status_code == 302, form_errors(response)
            assert [r.message for r in new] == [stored(message)]
        else:
            assert response.status_code == 200 and "message" in form_errors(response)
            assert not new.exists()


# --- Feedback and outcomes (issue 14) ------------------------------------------------------


@HOSTILE
@given(next_step=hostile_text(2000), took_place=st.sampled_from(["held", "no_show", "maybe", ""]))
@example(next_step="签订试点协议 ✍️", took_place="held")
@example(next_step=NUL, took_place="held")
def test_meeting_feedback_keeps_any_next_step_or_is_refused(world, sme_owner_client, next_step,
                                                            took_place):
    url = reverse("matchmaking:meeting_feedback", args=[world.values["past_meeting"]])
    data = {"took_place": took_place, "rating": "useful", "next_step": next_step}
    before = list(MeetingFeedback.objects.values())
    with rolled_back():
        response = sme_owner_client.post(url, data)
        if took_place in ("held", "no_show") and "\x00" not in next_step and len(
            stored(next_step)
        ) <= 2000:
            assert response.status_code == 302, form_errors(response)
            feedback = MeetingFeedback.objects.get(meeting_id=world.values["past_meeting"],
                                                   organisation_id=world.values["sme_id"])
            assert feedback.next_step == stored(next_step)
        else:
            assert response.status_code == 200 and form_errors(response)
            assert list(MeetingFeedback.objects.values()) == before


@HOSTILE
@given(notes=hostile_text(4000), value=st.one_of(st.just(""), st.sampled_from(
    ["250000", "-1", "9" * 30, "1e6", "²", "12.5"])))  # fmt: skip
@example(notes="合同金额：二十五万欧元 💶", value="250000")
@example(notes=NUL, value="")
def test_an_outcome_keeps_any_notes_or_is_refused(world, sme_owner_client, notes, value):
    url = reverse("matchmaking:outcome_create")
    data = {"meeting": world.values["past_meeting"], "kind": "pilot", "notes": notes,
            "value": value, "currency": "EUR" if value else ""}  # fmt: skip
    with rolled_back():
        before = set(Outcome.objects.values_list("pk", flat=True))
        response = sme_owner_client.post(url, data)
        new = Outcome.objects.exclude(pk__in=before)
        valid_value = value == "" or (value.isascii() and value.isdigit() and int(value) < 2**63)
        if valid_value and "\x00" not in notes and len(stored(notes)) <= 4000:
            assert response.status_code == 302, form_errors(response)
            assert [(o.notes, o.value) for o in new] == [(stored(notes),
                                                         int(value) if value else None)]
        else:
            assert response.status_code == 200 and form_errors(response)
            assert not new.exists()


# --- Matching decisions and SME feedback ---------------------------------------------------


@HOSTILE
@given(verdict=st.one_of(st.sampled_from(["interested", "not_relevant", ""]), hostile_text(50)))
def test_an_sme_verdict_is_one_of_the_answers_or_refused(world, sme_owner_client, verdict):
    url = reverse("matchmaking:sme_feedback", args=[world.values["demand"]])
    with rolled_back():
        response = sme_owner_client.post(url, {"verdict": verdict}, follow=True)
        assert response.status_code == 200
        stored_verdicts = list(SmeFeedback.objects.filter(
            sme_id=world.values["sme_id"]).values_list("verdict", flat=True))  # fmt: skip
        if verdict in SmeFeedback.Verdict.values:
            assert stored_verdicts == [verdict]
        elif verdict == "":
            assert stored_verdicts == []
        else:
            assert stored_verdicts == []
            assert ("error", "Unknown answer.") in _messages(response)


@HOSTILE
@given(reason=hostile_text(1000), action=st.sampled_from(["shortlisted", "declined", "nope"]))
@example(reason=NUL, action="declined")
@example(reason="价格太高 " * 200, action="declined")
def test_a_buyer_decision_keeps_any_reason_or_is_refused(world, approved_buyer_client, reason,
                                                         action):
    url = reverse("matchmaking:demand_decide", args=[world.values["demand"],
                                                     world.values["sme_id"]])  # fmt: skip
    with rolled_back():
        response = approved_buyer_client.post(url, {"action": action, "reason": reason},
                                              follow=True)  # fmt: skip
        assert response.status_code == 200
        decisions = list(BuyerDecision.objects.filter(demand_id=world.values["demand"])
                         .values_list("status", "reason"))  # fmt: skip
        declined = action == "declined"
        if action == "nope" or "\x00" in reason or (declined and not reason.strip()):
            assert decisions == []
            assert [level for level, _ in _messages(response)] == ["error"]
        else:
            assert decisions == [(action, reason.strip() if declined else "")]


# --- Consortia -------------------------------------------------------------------------


@pytest.mark.parametrize("member", NOT_IDS)
def test_a_consortium_member_that_is_no_id_is_refused(world, sme_owner_client, member):
    url = reverse("consortia:form_from_scratch", args=[world.values["demand"]])
    before = Consortium.objects.count()
    response = sme_owner_client.post(url, {"members": [member], "name": "Heat trio"})
    assert response.status_code == 200
    assert [level for level, _ in _messages(response)] == ["error"]
    assert Consortium.objects.count() == before


@HOSTILE
@given(name=hostile_text(200))
@example(name="北欧热能联合体 🔥")
@example(name=NUL)
def test_a_consortium_keeps_any_name_or_is_refused(world, sme_owner_client, name):
    """Nordic forms a second consortium, with the Alps' SME, under a hostile name."""
    url = reverse("consortia:form_from_scratch", args=[world.values["demand"]])
    with rolled_back():
        before = set(Consortium.objects.values_list("pk", flat=True))
        response = sme_owner_client.post(
            url, {"members": [str(world.values["other_sme_id"])], "name": name})
        new = list(Consortium.objects.exclude(pk__in=before).values_list("name", flat=True))
        if "\x00" in name:
            assert response.status_code == 200 and new == []
            assert ("error", "Null characters are not allowed.") in _messages(response)
        else:
            assert response.status_code == 302
            assert len(new) == 1 and new[0] == (stored(name) or new[0])[:200]


def test_a_consortium_action_does_not_redirect_off_the_site(world, sme_owner_client):
    url = reverse("consortia:present", args=[world.values["consortium"]])
    for target in ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]:
        response = sme_owner_client.post(url, {"next": target})
        assert response.status_code == 302
        assert response["Location"] == f"/consortia/{world.values['consortium']}/"


# --- Notifications ---------------------------------------------------------------------


@pytest.mark.parametrize("notification_id", NOT_IDS)
def test_marking_notifications_read_ignores_ids_that_are_no_ids(world, sme_owner, sme_owner_client,
                                                                notification_id):
    url = reverse("matchmaking:notifications_mark_read")
    response = sme_owner_client.post(url, {"id": [notification_id]})
    assert response.status_code == 302
    assert Notification.objects.filter(recipient=sme_owner, read_at__isnull=True).count() in (0, 1)


@HOSTILE
@given(delivery=st.one_of(st.sampled_from(["immediately", "daily", "off"]), hostile_text(40)))
def test_notification_preferences_keep_only_known_deliveries(world, sme_owner, sme_owner_client,
                                                             delivery):
    url = reverse("matchmaking:notification_preferences")
    with rolled_back():
        before = list(NotificationPreference.objects.filter(user=sme_owner).values())
        response = sme_owner_client.post(url, {"delivery-message": delivery}, follow=True)
        assert response.status_code == 200
        after = NotificationPreference.objects.filter(user=sme_owner)
        known = {value for value, _label in NotificationPreference._meta.get_field(
            "delivery").choices}  # fmt: skip
        if delivery in known:
            assert [p.delivery for p in after if p.kind == "message"] == [delivery]
        else:
            assert list(after.values()) == before or all(p.delivery in known for p in after)


# --- API tokens and webhooks -----------------------------------------------------------


@HOSTILE
@given(name=hostile_text(100))
@example(name="夜间同步 🌙")
@example(name=NUL)
def test_an_api_token_keeps_any_name_or_is_refused(world, sme_member, sme_member_client, name):
    url = reverse("api:tokens")
    with rolled_back():
        response = sme_member_client.post(url, {"name": name, "scope": "read", "organisation": ""})
        assert response.status_code == 200
        names = list(ApiToken.objects.filter(user=sme_member).values_list("name", flat=True))
        if _fits(name, 100):
            assert names == [stored(name)], form_errors(response)
        else:
            assert names == []
            assert form_errors(response) or _messages(response)


@HOSTILE
@given(url=st.one_of(hostile_text(600), st.sampled_from([
    "https://hooks.example.com/ok", "http://127.0.0.1/admin", "file:///etc/passwd",
    "https://例子.中国/钩子", "javascript:alert(1)", "https://" + "a" * 600 + ".com/"])))
@example(url="https://hooks.example.com/\x00")
def test_a_webhook_url_is_checked(world, sme_owner_client, url):
    page = reverse("webhooks:list", args=[world.values["sme"]])
    with rolled_back():
        before = list(Webhook.objects.values_list("pk", flat=True))
        response = sme_owner_client.post(page, {"url": url, "events": ["match.created"],
                                                "min_score": "70"})  # fmt: skip
        assert response.status_code in (200, 302)
        new = list(Webhook.objects.exclude(pk__in=before).values_list("url", flat=True))
        if response.status_code == 200:
            assert new == []
            assert form_errors(response) or _messages(response)
        else:
            assert len(new) == 1 and new[0].startswith("https://")


def test_the_samples_cover_the_scripts_the_issue_names():
    text = "".join(SAMPLES)
    assert "江" in text and "ش" in text and "🔥" in text and "\x1b" in text


# --- Landing support and investors ------------------------------------------------------


@HOSTILE
@given(message=hostile_text(1000))
@example(message="我们需要在江北新区租用两个工位，五月起。")
@example(message=NUL)
@example(message="📦" * 1001)
def test_a_landing_application_keeps_any_message_or_is_refused(world, other_sme_client,
                                                               message):
    from matchmaking.landing.models import PackageApplication

    url = reverse("landing:package_apply", args=[world.values["package"]])
    with rolled_back():
        response = other_sme_client.post(url, {"message": message}, follow=True)
        assert response.status_code == 200
        kept = list(PackageApplication.objects.filter(sme_id=world.values["other_sme_id"])
                    .values_list("message", flat=True))  # fmt: skip
        if _fits(message, 1000):
            assert kept == [stored(message)]
            assert ("success", "Your application has been sent to the provider.") in _messages(
                response)
        else:
            assert kept == []
            assert [level for level, _ in _messages(response)] == ["error"]


@HOSTILE
@given(message=hostile_text(1000), answer=st.sampled_from(["accept", "decline", "maybe"]))
@example(message="欢迎介绍 🤝", answer="accept")
@example(message=NUL, answer="accept")
def test_an_introduction_answer_is_one_of_the_answers_or_refused(world, sme_owner_client,
                                                                 message, answer):
    from matchmaking.investors.models import Pipeline

    url = reverse("investors:introduction_answer", args=[world.values["pipeline"]])
    with rolled_back():
        response = sme_owner_client.post(url, {"answer": answer, "message": message},
                                         follow=True)  # fmt: skip
        assert response.status_code == 200
        stage = Pipeline.objects.get(pk=world.values["pipeline"]).stage
        levels = [level for level, _ in _messages(response)]
        if answer != "maybe" and "\x00" not in message and len(stored(message)) <= 1000:
            assert stage == ("introduced" if answer == "accept" else "declined")
            assert levels == ["success"]
        else:
            assert stage == "interest"
            assert levels and set(levels) == {"error"}


@HOSTILE
@given(value=st.sampled_from(["", "0", "250000", "-5", "9" * 30, "1e6", "²", "12.5",
                              str(2**63 - 1), str(2**63)]),
       day=st.sampled_from(["", "2026-10-01", "9999-12-31", "0000-01-01", "2026-02-30",
                            "明天"]))  # fmt: skip
def test_a_follow_up_answer_keeps_a_value_and_date_or_refuses_them(world, sme_owner_client,
                                                                   value, day):
    url = reverse("matchmaking:follow_up_answer", args=[world.values["follow_up"]])
    data = {"contact_continued": "on", "contract_reached": "on", "contract_value": value,
            "contract_currency": "EUR" if value else "", "contract_date": day}  # fmt: skip
    with rolled_back():
        before = set(Outcome.objects.values_list("pk", flat=True))
        response = sme_owner_client.post(url, data)
        new = Outcome.objects.exclude(pk__in=before).filter(kind="contract")
        import datetime as dt

        def date_ok(text):
            try:
                return not text or dt.date.fromisoformat(text) is not None
            except ValueError:
                return False

        value_ok = value == "" or (value.isascii() and value.isdigit() and int(value) < 2**63)
        if value_ok and date_ok(day):
            assert response.status_code == 302, form_errors(response)
            assert [(o.value, str(o.occurred_on or "")) for o in new] == [
                (int(value) if value else None, day)]
        else:
            assert response.status_code == 200 and form_errors(response)
            assert not new.exists()
