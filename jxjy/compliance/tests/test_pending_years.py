"""A bulk import marks the years it adds hours to and evaluates them at the end of its file. Another
import's evaluation may come while a batch is still adding hours under a mark that was already
there: it must wait for that batch and count its hours, or the year would be left evaluated without
them and no longer marked."""

import threading
import time

import pytest
from django.db import connection, transaction

from jxjy.compliance.models import PendingYear, YearTotal
from jxjy.compliance.services import totals_add_sums, totals_evaluate_pending
from jxjy.testing.threads import skip_on_memory_sqlite


@pytest.mark.django_db(transaction=True)
def test_an_evaluation_waits_for_a_batch_adding_hours_under_a_mark_already_there(rules, wang_fang):
    skip_on_memory_sqlite()
    year, person = max(rules), wang_fang.person
    key = (person.pk, year, "training_class", "professional")
    totals_add_sums(sums={key: [100, 1]})  # an earlier batch, committed: the year is marked
    batch_in_flight, let_batch_commit = threading.Event(), threading.Event()
    errors, evaluated = [], []

    def batch() -> None:
        try:
            with transaction.atomic():
                totals_add_sums(sums={key: [200, 2]})  # the mark is there already
                batch_in_flight.set()
                let_batch_commit.wait(10)
        except Exception as error:  # handed to the test below
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    def evaluation() -> None:
        try:
            evaluated.append(totals_evaluate_pending())
        except Exception as error:
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    batch_thread = threading.Thread(target=batch)
    batch_thread.start()
    assert batch_in_flight.wait(10)
    evaluation_thread = threading.Thread(target=evaluation)
    evaluation_thread.start()
    time.sleep(0.5)  # time for the evaluation to reach the batch's lock and wait there
    let_batch_commit.set()
    batch_thread.join()
    evaluation_thread.join()

    assert errors == []
    assert evaluated == [1]
    assert YearTotal.objects.get(person=person, year=year).professional_tenths == 300  # both batches
    assert not PendingYear.objects.exists()


def test_a_year_is_marked_once_however_many_batches_add_to_it(rules, wang_fang):
    year, person = max(rules), wang_fang.person
    for kind in ("professional", "public", "professional"):
        totals_add_sums(sums={(person.pk, year, "training_class", kind): [30, 1]})
    assert list(PendingYear.objects.values_list("person_id", "year")) == [(person.pk, year)]
    assert totals_evaluate_pending() == 1
    assert not PendingYear.objects.exists()
