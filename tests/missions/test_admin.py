"""The Django admin works for cluster staff (no superuser, no per-model permissions)."""

import pytest
from django.core import mail
from django.urls import reverse

from missions.models import MissionApplication
from tests.factories import AgendaSessionFactory, ApplicationFactory, MeetingDayFactory

MODELS = ["mission", "missionapplication", "demandproject", "meetingday", "agendasession",
          "slot", "unavailability"]


@pytest.mark.parametrize("model", MODELS)
def test_staff_open_every_changelist(
    staff_user, staff_client, mission, demand, sme_application, model,
):
    AgendaSessionFactory(day=MeetingDayFactory(mission=mission))
    assert not staff_user.is_superuser
    response = staff_client.get(reverse(f"admin:missions_{model}_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count >= (0 if model in ("slot", "unavailability") else 1)


@pytest.mark.parametrize("model", ["mission", "missionapplication", "demandproject",
                                   "meetingday", "agendasession", "unavailability"])
def test_staff_open_every_add_form(staff_client, model):
    assert staff_client.get(reverse(f"admin:missions_{model}_add")).status_code == 200


@pytest.mark.parametrize("persona", ["sme_owner", "buyer"])
def test_others_are_kept_out(personas, persona):
    response = personas[persona].client.get(reverse("admin:missions_mission_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_actions_go_through_the_services(
    staff_client, mission, django_capture_on_commit_callbacks,
):
    mission.capacity = 1
    mission.save()
    first, second = ApplicationFactory.create_batch(2, mission=mission)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:missions_missionapplication_changelist"),
            {"action": "decide_accepted", "_selected_action": [first.pk, second.pk]},
            follow=True,
        )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (MissionApplication.Status.ACCEPTED, "submitted")
    messages = [str(m) for m in response.context["messages"]]
    assert f"{second}: The delegation is full (1 SMEs). Wait-list this SME instead." in messages
    assert mail.outbox == []  # the accepted SME has no members with e-mail in this test

    response = staff_client.post(
        reverse("admin:missions_mission_changelist"),
        {"action": "move_to_completed", "_selected_action": [mission.pk]},
        follow=True,
    )
    mission.refresh_from_db()
    assert mission.status == "open"
    assert any("cannot become “Completed”" in str(m) for m in response.context["messages"])
