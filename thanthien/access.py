"""Who may use every URL of the project, in one declaration checked by core/tests/test_url_access.py.

Each URL pattern name (with its namespace) maps to a `Rule`: which users of `USERS` get the page (OK),
what the others get (`refused`: 403, 404 or a redirect), what an anonymous visitor gets, and the odd
user out (`exceptions`). The users are commune A's people in each role, B's administrator
(`other_commune`), a reviewer of the province, and a superuser; the test requests every URL with A's
records as each of them. A POST-only view (`post_only=True`) is posted to by the users of `POST_PROBES`,
who must be refused before anything changes; the others must get 405 for a GET.

A new URL fails the test until it has an entry here. Add `"app:name": Rule(<who>, refused=...)`, run
`pytest thanthien/core/tests/test_url_access.py`, and read what it says each user got.
"""

from dataclasses import dataclass, field

from thanthien.units.permissions import VILLAGE_PEOPLE_PAGES

USERS = (
    "anonymous",
    "desk_officer",
    "leader",
    "supervisor",
    "reviewer",
    "administrator",
    "village_head",
    "village_front",
    "other_commune",
    "province_reviewer",
    "superuser",
)
OK, REDIRECT, LOGIN = "ok", "redirect", "login"
# The Django admin answers to an active superuser only (units.permissions.can_use_django_admin).
ADMIN_PREFIX = "admin/"
# Who posts to a POST-only view in the test: people it must refuse whatever they send.
# Who must never read commune A's records outside its public pages: B's official, and A's village people
# (they bring their village's items in; the commune's records are not theirs to read).
OUTSIDERS = ("other_commune", "village_head", "village_front")
VILLAGE_PEOPLE = ("village_head", "village_front")
POST_PROBES = ("anonymous", "village_head", "other_commune")

EVERYONE = frozenset(USERS)
SIGNED_IN = EVERYONE - {"anonymous"}
SUPERUSER = frozenset({"superuser"})
# A page of the province's communes side by side.
PROVINCE_READERS = frozenset({"province_reviewer", "superuser"})
# Commune A's officials, the province's reviewer and a superuser: who reads A's records.
COMMUNE_READERS = frozenset(
    {"desk_officer", "leader", "supervisor", "reviewer", "administrator", "province_reviewer", "superuser"}
)
# A page of one's own commune: B's official opens it too, and sees B's records there.
COMMUNE_PAGES = COMMUNE_READERS | {"other_commune"}
A_HANDLERS = frozenset({"desk_officer", "leader", "administrator", "superuser"})
A_EDITORS = frozenset({"leader", "administrator", "superuser"})
HANDLERS = A_HANDLERS | {"other_commune"}
EDITORS = A_EDITORS | {"other_commune"}
ADMINISTRATORS = frozenset({"administrator", "other_commune", "superuser"})
A_ADMINISTRATORS = ADMINISTRATORS - {"other_commune"}
# The desk officer asked for the print job of url_world.
REQUESTER = frozenset({"desk_officer"})
NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rule:
    allowed: frozenset[str] = NOBODY
    refused: str = "404"
    anonymous: str = ""  # default: OK when "anonymous" is allowed, else a redirect to the login page
    post_only: bool = False
    exceptions: dict[str, str] = field(default_factory=dict)


ACCESS: dict[str, Rule] = {
    # accounts
    "accounts:login": Rule(EVERYONE),
    "accounts:logout": Rule(SIGNED_IN, post_only=True),
    "accounts:otp_setup": Rule(SIGNED_IN),
    "accounts:otp_verify": Rule(SIGNED_IN),
    "accounts:password_change": Rule(SIGNED_IN),
    "accounts:password_change_done": Rule(SIGNED_IN),
    # api
    "api:api-root": Rule(anonymous="404"),
    "api:assessments": Rule(refused="422", anonymous="401"),
    "api:device_kiosk": Rule(refused="401", anonymous="401"),
    "api:device_kiosk_rating": Rule(refused="401", anonymous="401"),
    "api:device_village": Rule(refused="401", anonymous="401"),
    "api:device_village_item": Rule(refused="401", anonymous="401"),
    "api:device_village_items": Rule(refused="401", anonymous="401"),
    "api:device_village_slip": Rule(refused="401", anonymous="401"),
    "api:dossier_create": Rule(refused="400", anonymous="401"),
    "api:dossier_detail": Rule(COMMUNE_READERS, anonymous="401"),
    "api:dossier_event": Rule(refused="400", anonymous="401"),
    "api:feedback_case_create": Rule(refused="400", anonymous="401"),
    "api:feedback_case_detail": Rule(COMMUNE_READERS, anonymous="401"),
    "api:feedback_case_step": Rule(refused="400", anonymous="401"),
    "api:feedback_cases": Rule(SIGNED_IN, anonymous="401"),
    "api:feedback_create": Rule(refused="400", anonymous="400"),
    "api:feedback_status": Rule(EVERYONE),
    "api:health": Rule(EVERYONE),
    "api:index_766": Rule(refused="422", anonymous="401"),
    "api:openapi-json": Rule(EVERYONE),
    "api:openapi-view": Rule(EVERYONE),
    "api:public_board": Rule(EVERYONE),
    "api:rating_create": Rule(refused="400", anonymous="401"),
    "api:rating_summary": Rule(refused="422", anonymous="401"),
    "api:report_figures": Rule(refused="422", anonymous="401"),
    # assessment
    "assessment:appraise": Rule(post_only=True),
    "assessment:approve": Rule(post_only=True),
    "assessment:decision": Rule(PROVINCE_READERS),
    "assessment:detail": Rule(COMMUNE_READERS),
    # As its self-assessment (assessment:detail): the file is read through get_assessment_for_user.
    "assessment:evidence": Rule(COMMUNE_READERS),
    "assessment:fill": Rule(post_only=True),
    "assessment:home": Rule(SIGNED_IN),
    "assessment:index_766": Rule(),
    "assessment:ranking": Rule(PROVINCE_READERS),
    "assessment:return": Rule(post_only=True),
    "assessment:set_edit": Rule(SUPERUSER),
    "assessment:set_file": Rule(SUPERUSER),
    "assessment:set_new": Rule(SUPERUSER),
    "assessment:sets": Rule(SUPERUSER),
    "assessment:start": Rule(post_only=True),
    "assessment:submit": Rule(post_only=True),
    # configuration
    "configuration:history": Rule(ADMINISTRATORS, refused="403"),
    "configuration:index": Rule(ADMINISTRATORS, refused="403"),
    "configuration:list": Rule(ADMINISTRATORS, refused="403"),
    "configuration:new": Rule(ADMINISTRATORS, refused="403"),
    # A setting row is a rule, not personal data: B's administrator finds A's row and is refused (403).
    "configuration:new_version": Rule(A_ADMINISTRATORS, refused="403"),
    "configuration:withdraw": Rule(A_ADMINISTRATORS, post_only=True, refused="403"),
    # devices
    "devices:kiosk": Rule(EVERYONE),
    "devices:kiosk_manifest": Rule(EVERYONE),
    "devices:kiosk_sw": Rule(EVERYONE),
    "devices:list": Rule(SIGNED_IN),
    "devices:pair_kiosk": Rule(HANDLERS, refused="403"),
    "devices:pair_village": Rule(
        SUPERUSER, refused="403", exceptions={"village_head": "ok", "village_front": "ok"}
    ),
    "devices:revoke": Rule(post_only=True),
    "devices:village_app": Rule(EVERYONE),
    "devices:village_manifest": Rule(EVERYONE),
    "devices:village_sw": Rule(EVERYONE),
    # disclosure
    "disclosure:announcement_cancel": Rule(post_only=True),
    "disclosure:announcement_create": Rule(HANDLERS, refused="403"),
    "disclosure:announcement_edit": Rule(
        A_HANDLERS,
        refused="403",
        exceptions={"village_head": "404", "village_front": "404", "other_commune": "404"},
    ),
    "disclosure:announcements": Rule(HANDLERS, refused="403"),
    "disclosure:calendar": Rule(HANDLERS, refused="403"),
    "disclosure:consent_withdraw": Rule(post_only=True),
    "disclosure:consents": Rule(HANDLERS, refused="403"),
    "disclosure:create": Rule(HANDLERS, refused="403"),
    "disclosure:detail": Rule(COMMUNE_READERS),
    "disclosure:posting_add": Rule(post_only=True),
    "disclosure:script": Rule(
        A_HANDLERS,
        refused="403",
        exceptions={"village_head": "404", "village_front": "404", "other_commune": "404"},
    ),
    "disclosure:take_down": Rule(post_only=True),
    # disclosure_public
    "disclosure_public:announcement": Rule(EVERYONE),
    "disclosure_public:announcement_image": Rule(anonymous="404"),
    "disclosure_public:announcements": Rule(EVERYONE),
    "disclosure_public:ask": Rule(post_only=True, refused="400", anonymous="400"),
    "disclosure_public:board": Rule(EVERYONE),
    "disclosure_public:board_csv": Rule(EVERYONE),
    "disclosure_public:board_tv": Rule(EVERYONE),
    "disclosure_public:detail": Rule(EVERYONE),
    "disclosure_public:feed": Rule(EVERYONE),
    "disclosure_public:file": Rule(EVERYONE),
    "disclosure_public:list": Rule(EVERYONE),
    "disclosure_public:print": Rule(EVERYONE),
    # dossiers
    "dossiers:book": Rule(SIGNED_IN),
    "dossiers:detail": Rule(COMMUNE_READERS),
    "dossiers:hand_over": Rule(post_only=True),
    "dossiers:home_service": Rule(SIGNED_IN),
    "dossiers:import": Rule(HANDLERS, refused="403"),
    "dossiers:import_template": Rule(SIGNED_IN),
    "dossiers:mark_ready": Rule(post_only=True),
    "dossiers:postpone": Rule(post_only=True),
    "dossiers:postponement_slip": Rule(COMMUNE_READERS),
    "dossiers:receipt": Rule(COMMUNE_READERS),
    "dossiers:receive": Rule(HANDLERS, refused="403"),
    "dossiers:record_supplement": Rule(post_only=True),
    "dossiers:reject": Rule(post_only=True),
    "dossiers:rejection_slip": Rule(COMMUNE_READERS),
    "dossiers:request_supplement": Rule(post_only=True),
    "dossiers:return_result": Rule(post_only=True),
    "dossiers:supplement_slip": Rule(COMMUNE_READERS),
    "dossiers:today": Rule(SIGNED_IN),
    # project
    "favicon": Rule(refused="redirect", anonymous="redirect"),
    "home": Rule(
        COMMUNE_PAGES, refused="redirect", exceptions={"desk_officer": "redirect", "supervisor": "redirect"}
    ),
    "set_language": Rule(refused="redirect", anonymous="redirect"),
    # feedback
    "feedback:attachment": Rule(COMMUNE_READERS),
    "feedback:box_opening": Rule(HANDLERS, refused="403"),
    "feedback:detail": Rule(COMMUNE_READERS),
    "feedback:intake": Rule(HANDLERS, refused="403"),
    "feedback:list": Rule(SIGNED_IN),
    "feedback:reveal": Rule(post_only=True),
    "feedback:step": Rule(post_only=True),
    # households
    "households:consent_record": Rule(post_only=True),
    "households:consent_withdraw": Rule(post_only=True),
    "households:list": Rule(SIGNED_IN),
    "households:story": Rule(A_HANDLERS, exceptions={"administrator": "404", "superuser": "404"}),
    # letters
    "letters:batch": Rule(),
    "letters:cancel": Rule(post_only=True),
    "letters:detail": Rule(COMMUNE_READERS),
    "letters:download": Rule(COMMUNE_READERS),
    "letters:issue": Rule(post_only=True),
    "letters:new_year": Rule(SIGNED_IN),
    "letters:postponement_docx": Rule(COMMUNE_READERS),
    "letters:print": Rule(post_only=True),
    # A print job is its requester's own (letters.permissions.get_print_job_for_user): 404 to anyone else,
    # a superuser too; the letters themselves are read at letters:detail.
    "letters:print_file": Rule(REQUESTER),
    "letters:print_job": Rule(REQUESTER),
    "letters:queue": Rule(SIGNED_IN),
    "letters:receipt_docx": Rule(COMMUNE_READERS),
    "letters:register": Rule(SIGNED_IN),
    "letters:rejection_docx": Rule(COMMUNE_READERS),
    "letters:supplement_docx": Rule(COMMUNE_READERS),
    "letters:template_file": Rule(SIGNED_IN),
    "letters:template_list": Rule(SIGNED_IN),
    "letters:template_preview": Rule(EDITORS),
    "letters:template_upload": Rule(EDITORS),
    "letters:write": Rule(HANDLERS, refused="403"),
    # open311
    "open311:request": Rule(anonymous="404"),
    "open311:requests": Rule(refused="400", anonymous="400"),
    "open311:services": Rule(EVERYONE),
    # planning
    "planning:badge_photo": Rule(anonymous="404"),
    "planning:code_adopt": Rule(post_only=True, refused="redirect", exceptions={"village_head": "403"}),
    "planning:code_write": Rule(post_only=True, refused="redirect", exceptions={"village_head": "403"}),
    "planning:commitment_docx": Rule(COMMUNE_READERS),
    "planning:commitment_sign": Rule(post_only=True, refused="redirect", exceptions={"village_head": "403"}),
    "planning:conduct": Rule(COMMUNE_PAGES, refused="403"),
    "planning:evidence_download": Rule(COMMUNE_READERS),
    "planning:home": Rule(COMMUNE_PAGES, refused="403"),
    "planning:official_detail": Rule(COMMUNE_READERS),
    "planning:official_photo": Rule(post_only=True),
    "planning:opinion_create": Rule(),
    "planning:plan_add_member": Rule(post_only=True),
    "planning:plan_create": Rule(EDITORS, refused="403"),
    "planning:plan_detail": Rule(COMMUNE_READERS),
    "planning:plan_docx": Rule(COMMUNE_READERS),
    "planning:review_create": Rule(EDITORS, refused="403"),
    "planning:step_to_communes": Rule(post_only=True),
    "planning:supervision_plan_create": Rule(
        post_only=True, refused="redirect", exceptions={"village_head": "403"}
    ),
    "planning:task_answer": Rule(post_only=True),
    "planning:task_assign": Rule(post_only=True),
    "planning:task_create": Rule(EDITORS, refused="403"),
    "planning:task_detail": Rule(COMMUNE_READERS),
    "planning:task_evidence": Rule(post_only=True),
    "planning:task_list": Rule(SIGNED_IN),
    "planning:task_note": Rule(post_only=True),
    "planning:task_reopen": Rule(post_only=True),
    "planning:violation_create": Rule(EDITORS, refused="403"),
    "planning:visit_create": Rule(EDITORS, refused="403", exceptions={"supervisor": "ok"}),
    "planning:visit_detail": Rule(COMMUNE_READERS),
    "planning:visit_minutes": Rule(COMMUNE_READERS),
    # portal
    "portal:commune_home": Rule(EVERYONE),
    "portal:feedback_answers": Rule(EVERYONE),
    "portal:feedback_form": Rule(EVERYONE),
    "portal:feedback_lookup": Rule(EVERYONE),
    "portal:feedback_sent": Rule(EVERYONE),
    "portal:feedback_status": Rule(EVERYONE),
    "portal:lookup": Rule(EVERYONE),
    "portal:procedure_detail": Rule(EVERYONE),
    "portal:procedure_list": Rule(EVERYONE),
    "portal:rate": Rule(EVERYONE),
    "portal:reception_ics": Rule(EVERYONE),
    "portal:reception_schedule": Rule(EVERYONE),
    "portal:survey": Rule(refused="410", anonymous="410"),
    # procedures
    "procedures:detail": Rule(SIGNED_IN),
    "procedures:export": Rule(SIGNED_IN),
    # A blank form of the catalogue: public, like the procedure it belongs to.
    "procedures:form_download": Rule(EVERYONE),
    "procedures:import": Rule(SUPERUSER, refused="403"),
    "procedures:list": Rule(SIGNED_IN),
    "procedures:pick": Rule(SIGNED_IN),
    "procedures:template": Rule(SIGNED_IN),
    # ratings
    # ratings.permissions.ALERT_READERS: the leaders, the Front, the reviewers and the administrators (not
    # the desk officers); only a leader closes one.
    "ratings:alert_detail": Rule(COMMUNE_READERS - {"desk_officer"}),
    "ratings:alert_list": Rule(SIGNED_IN),
    "ratings:campaign_compare": Rule(SIGNED_IN),
    "ratings:campaign_create": Rule(EDITORS, refused="403", exceptions={"supervisor": "ok"}),
    "ratings:campaign_edit": Rule(
        A_EDITORS,
        refused="403",
        exceptions={
            "supervisor": "ok",
            "village_head": "404",
            "village_front": "404",
            "other_commune": "404",
        },
    ),
    "ratings:campaign_list": Rule(SIGNED_IN),
    "ratings:campaign_quotas": Rule(
        A_EDITORS,
        refused="403",
        exceptions={
            "supervisor": "ok",
            "village_head": "404",
            "village_front": "404",
            "other_commune": "404",
        },
    ),
    "ratings:campaign_results": Rule(COMMUNE_READERS),
    # An official's own trend is read by the leaders (ratings.permissions.TREND_READERS, README "Who sees
    # it") and the official themself: the administrator keeps accounts and settings and is a colleague, not
    # the official's superior, so 403 like the other colleagues (the desk officer, the Front, the reviewer).
    "ratings:official_trend": Rule(
        A_EDITORS,
        refused="403",
        exceptions={
            "administrator": "403",
            "village_head": "404",
            "village_front": "404",
            "other_commune": "404",
        },
    ),
    "ratings:paper_slip": Rule(HANDLERS, refused="403"),
    "ratings:phone_links": Rule(
        A_EDITORS,
        refused="403",
        exceptions={
            "supervisor": "ok",
            "village_head": "404",
            "village_front": "404",
            "other_commune": "404",
        },
    ),
    "ratings:slip_entry": Rule(COMMUNE_READERS, exceptions={"reviewer": "403", "province_reviewer": "403"}),
    "ratings:slip_import": Rule(COMMUNE_READERS, exceptions={"reviewer": "403", "province_reviewer": "403"}),
    "ratings:slip_template": Rule(COMMUNE_READERS),
    # reception
    "reception:commitment_done": Rule(post_only=True),
    "reception:commitment_list": Rule(COMMUNE_PAGES, refused="403"),
    "reception:dialogue_commitment_add": Rule(post_only=True),
    "reception:dialogue_detail": Rule(COMMUNE_READERS),
    "reception:dialogue_held": Rule(post_only=True),
    "reception:dialogue_issue_add": Rule(post_only=True),
    "reception:dialogue_issue_feedback": Rule(post_only=True),
    "reception:dialogue_list": Rule(COMMUNE_PAGES, refused="403"),
    "reception:dialogue_minutes": Rule(COMMUNE_READERS),
    "reception:field_visit_detail": Rule(COMMUNE_READERS),
    "reception:field_visit_list": Rule(COMMUNE_PAGES, refused="403"),
    "reception:reception_home": Rule(COMMUNE_PAGES, refused="403"),
    "reception:record_answer": Rule(post_only=True),
    "reception:record_detail": Rule(A_HANDLERS, exceptions={"administrator": "404"}),
    "reception:record_petition": Rule(post_only=True),
    "reception:record_reveal": Rule(post_only=True),
    "reception:record_split": Rule(post_only=True),
    "reception:rule_add": Rule(post_only=True, refused="redirect", exceptions={"village_head": "403"}),
    "reception:session_add": Rule(post_only=True, refused="redirect", exceptions={"village_head": "403"}),
    "reception:session_cancel": Rule(post_only=True),
    "reception:session_detail": Rule(COMMUNE_READERS),
    "reception:session_held": Rule(post_only=True),
    "reception:sessions_generate": Rule(
        post_only=True, refused="redirect", exceptions={"village_head": "403"}
    ),
    # reports
    "reports:commune_overview": Rule(COMMUNE_READERS),
    "reports:feedback": Rule(SIGNED_IN),
    "reports:national": Rule(SUPERUSER, refused="403"),
    "reports:national_export": Rule(SUPERUSER, refused="403"),
    "reports:overdue_petitions": Rule(SIGNED_IN),
    # One permission for both (reports.permissions.can_see_ranking): a province's or district's people.
    "reports:ranking": Rule(PROVINCE_READERS, refused="403"),
    "reports:ranking_export": Rule(PROVINCE_READERS, refused="403"),
    "reports:report_download": Rule(COMMUNE_READERS),
    "reports:report_edit": Rule(COMMUNE_READERS),
    "reports:report_list": Rule(SIGNED_IN),
    "reports:report_start": Rule(post_only=True, refused="redirect"),
    "reports:satisfaction": Rule(SIGNED_IN),
    # units
    "units:account_create": Rule(ADMINISTRATORS, refused="403"),
    "units:approval_decide": Rule(post_only=True),
    "units:approval_list": Rule(EDITORS, refused="403"),
    "units:audit_log": Rule(ADMINISTRATORS, refused="403"),
    "units:commune_detail": Rule(COMMUNE_READERS),
    "units:commune_list": Rule(SIGNED_IN),
    "units:household_import": Rule(
        A_EDITORS,
        refused="403",
        exceptions={"village_head": "404", "village_front": "404", "other_commune": "404"},
    ),
    "units:household_template": Rule(SIGNED_IN),
    "units:membership_list": Rule(ADMINISTRATORS, refused="403"),
    "units:membership_withdraw": Rule(post_only=True),
    "units:official_phone": Rule(post_only=True),
    "units:password_reset": Rule(post_only=True),
    "units:village_import": Rule(
        A_EDITORS,
        refused="403",
        exceptions={"village_head": "404", "village_front": "404", "other_commune": "404"},
    ),
    "units:village_template": Rule(SIGNED_IN),
}


# Public pages: their answers show commune A's published records to anyone, B's officials included.
def expected(name: str) -> dict[str, str]:
    """Return what each user of USERS gets from the URL `name`."""
    rule = ACCESS[name]
    answers = {user: OK if user in rule.allowed else rule.refused for user in USERS}
    answers["anonymous"] = rule.anonymous or (OK if "anonymous" in rule.allowed else LOGIN)
    answers |= rule.exceptions
    if closed_to_village_people(name):
        answers |= dict.fromkeys(VILLAGE_PEOPLE, "403")
    return answers


def closed_to_village_people(name: str) -> bool:
    """A village's people open the public pages, the API (it scopes itself) and their own back-office pages
    (units.permissions.VILLAGE_PEOPLE_PAGES); any other page answers them 403, whatever its rule says."""
    rule = ACCESS[name]
    is_open = "anonymous" in rule.allowed or rule.anonymous not in ("", LOGIN)
    return not (is_open or name.startswith("api:") or name in VILLAGE_PEOPLE_PAGES)


def is_public(name: str) -> bool:
    """Return True for a public page (no login asked): it may show commune A's published records to anyone."""
    return expected(name)["anonymous"] not in (LOGIN, "401")


def method_of(name: str) -> str:
    """Return the method the test uses for the URL `name`."""
    return "POST" if ACCESS[name].post_only else "GET"
