"""Print jobs: a batch made into one file in the background, once, whatever crashes or runs twice."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from thanthien.letters import rendering, services
from thanthien.letters.models import PrintJob
from thanthien.letters.tests.factories import all_text, read_docx, thanks_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(commune, leader):
    names = ["Lê Văn Hiến", "Phạm Thị Mai", "Trần Văn Nam"]
    drafts = [thanks_draft(commune, key=f"k:{number}", name=name) for number, name in enumerate(names)]
    return services.issue_letters(drafts, by=leader)


def test_the_file_is_made_once_in_register_order_and_a_second_run_does_nothing(issued, leader):
    job = services.request_print(reversed(issued), "docx", by=leader)

    made, again = services.make_print_file(job.pk), services.make_print_file(job.pk)

    assert (made.status, again) == (PrintJob.Status.DONE, None)
    text = all_text(read_docx(bytes(made.content)))
    assert text.index("Lê Văn Hiến") < text.index("Phạm Thị Mai") < text.index("Trần Văn Nam")
    assert job.letter_ids == [letter.pk for letter in issued]


def test_a_job_whose_worker_was_lost_is_made_by_the_sweep_and_old_files_are_deleted(issued, leader):
    lost = services.request_print(issued, "zip", by=leader)
    long_ago = timezone.now() - services.PRINT_LEASE - timedelta(seconds=1)
    PrintJob.objects.filter(pk=lost.pk).update(
        status=PrintJob.Status.RUNNING, started_at=long_ago, created_at=long_ago
    )
    old = services.request_print(issued[:1], "docx", by=leader)
    PrintJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - services.PRINT_KEPT - timedelta(hours=1)
    )
    running = services.request_print(issued[:1], "docx", by=leader)
    PrintJob.objects.filter(pk=running.pk).update(status=PrintJob.Status.RUNNING, started_at=timezone.now())

    swept = services.sweep_print_jobs()

    assert swept == {"deleted": 1, "requeued": 1, "made": 1}
    assert PrintJob.objects.get(pk=lost.pk).status == PrintJob.Status.DONE
    assert PrintJob.objects.get(pk=running.pk).status == PrintJob.Status.RUNNING  # its worker is still on it
    assert not PrintJob.objects.filter(pk=old.pk).exists()
    assert services.sweep_print_jobs() == {"deleted": 0, "requeued": 0, "made": 0}


def test_a_file_that_cannot_be_made_fails_once_with_its_reason_and_is_not_tried_again(
    issued, leader, monkeypatch
):
    job = services.request_print(issued, "docx", by=leader)

    def broken(*args, **kwargs):
        raise KeyError("word/document.xml")

    monkeypatch.setattr(rendering, "combine", broken)
    failed = services.make_print_file(job.pk)

    assert (failed.status, failed.error) == (PrintJob.Status.FAILED, "Không tạo được tệp.")
    assert services.sweep_print_jobs()["made"] == 0


@pytest.mark.parametrize(
    ("letters", "extension", "message"),
    [
        ([], "docx", "Chưa chọn thư nào."),
        (None, "exe", "Định dạng tệp không hợp lệ."),
    ],
)
def test_a_request_that_cannot_be_made_is_refused_and_queues_nothing(
    issued, leader, letters, extension, message
):
    with pytest.raises(ValidationError, match=message):
        services.request_print(issued if letters is None else letters, extension, by=leader)
    assert not PrintJob.objects.exists()
