import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from firstchoice.contacts import actions
from firstchoice.contacts.models import Contact
from firstchoice.lib.edits import StaleEdit
from tests.base import TODAY
from tests.contacts.base import ContactsTestCase


class LogContactTestCase(ContactsTestCase):
    def test_it_logs_a_contact_with_people_and_a_next_step(self) -> None:
        contact = self.log(
            people=[self.wu, self.li],
            notes="Plant tour",
            next_step="Send the quote",
            next_step_due=TODAY + dt.timedelta(days=7),
        )
        assert set(contact.their_people.all()) == {self.wu, self.li}
        assert list(contact.our_people.all()) == [self.alice]
        assert contact.next_step_owner == self.alice  # whoever logs it owns it by default
        assert contact.history.filter(history_type="+").count() == 1
        assert {h.history_user for h in contact.history.all()} == {self.alice}

    def test_it_writes_the_outcome_onto_the_objectives_served(self) -> None:
        self.log(objectives=[self.objective], outcome="Trial agreed for July")
        self.objective.refresh_from_db()
        assert self.objective.outcome == f"{TODAY.isoformat()}: Trial agreed for July"
        assert self.objective.version == 2

    def test_it_refuses_bad_input_naming_the_field_and_changes_nothing(self) -> None:
        cases = {
            "day": {"day": TODAY + dt.timedelta(days=1)},
            "their_people": {"people": [self.elsewhere]},
            "next_step_due": {"next_step": "Call", "next_step_due": TODAY - dt.timedelta(days=1)},
            "next_step": {"next_step_due": TODAY},
            "kind": {"kind": "telepathy"},
        }
        for field, extra in cases.items():
            with self.subTest(field), pytest.raises(ValidationError) as caught:
                self.log(**extra)  # type: ignore[arg-type]
            assert field in caught.value.message_dict
        assert Contact.objects.count() == 0

    def test_it_refuses_a_colleague_from_another_team(self) -> None:
        data = actions.ContactData(kind="call", day=TODAY, our_people=[self.charlie])
        with pytest.raises(ValidationError) as caught:
            actions.log_contact(actor=self.alice, customer=self.account, data=data, today=TODAY)
        assert "our_people" in caught.value.message_dict


class EditContactTestCase(ContactsTestCase):
    def test_it_refuses_a_stale_edit(self) -> None:
        contact = self.log(notes="first")
        data = actions.data_of(contact)
        data.notes = "mary's"
        actions.update_contact(actor=self.mary, contact=contact, data=data, version=1, today=TODAY)
        data.notes = "alice's"
        with pytest.raises(StaleEdit) as caught:
            actions.update_contact(
                actor=self.alice, contact=contact, data=data, version=1, today=TODAY
            )
        assert caught.value.changed_by == self.mary
        contact.refresh_from_db()
        assert contact.notes == "mary's" and contact.version == 2

    def test_it_marks_a_next_step_done(self) -> None:
        contact = self.log(next_step="Quote", next_step_due=TODAY)
        actions.complete_next_step(
            actor=self.alice, contact=contact, version=1, done_on=TODAY, today=TODAY
        )
        contact.refresh_from_db()
        assert contact.next_step_done_on == TODAY

    def test_it_removes_a_contact_and_keeps_its_history(self) -> None:
        contact = self.log()
        actions.delete_contact(actor=self.alice, contact=contact, version=1)
        assert not Contact.objects.exists()
        assert Contact.history.filter(history_type="-").count() == 1
