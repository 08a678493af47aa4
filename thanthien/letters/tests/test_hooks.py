from thanthien.dossiers import hooks as dossier_hooks
from thanthien.feedback import hooks as feedback_hooks
from thanthien.letters import services


def test_letters_registers_its_drafting_with_the_hooks_of_dossiers_and_feedback():
    assert services.draft_letter_for_dossier in dossier_hooks.dossier_ready.receivers
    assert services.draft_apology_letter in dossier_hooks.postponement_issued.receivers
    assert services.draft_thanks_letter in feedback_hooks.useful_contribution_marked.receivers
