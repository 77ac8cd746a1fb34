"""Roles and what they may do, as data: one table that the permission layer and the start page read."""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DIRECTORATE_CASEWORKER = "directorate_caseworker", _("Directorate caseworker")
    DIRECTORATE_ADMINISTRATOR = "directorate_administrator", _("Directorate administrator")
    ANALYST = "analyst", _("Analyst")
    MUNICIPALITY_CASEWORKER = "municipality_caseworker", _("Municipality caseworker")
    RECEPTION_STAFF = "reception_staff", _("Reception-centre staff")
    SHIELDED_IDENTITY_OFFICER = "shielded_identity_officer", _("Designated officer for shielded identities")
    INTERPRETER_REGISTER_REVIEWER = "interpreter_register_reviewer", _("Interpreter-register reviewer")
    GRANT_OFFICER = "grant_officer", _("Grant officer (application-based schemes)")
    GRANT_REVIEWER = "grant_reviewer", _("Grant reviewer or jury member")
    GRANT_APPLICANT = "grant_applicant", _("Grant applicant (for an organisation)")
    DATA_QUALITY_OFFICER = "data_quality_officer", _("Directorate data-quality officer")


# Granted and revoked only from the command line (`nyinorge role grant`), never from the web: a hijacked or
# careless administrator session cannot open the shielded identities, and each grant names its formal decision.
COMMAND_LINE_ONLY_ROLES = frozenset({Role.SHIELDED_IDENTITY_OFFICER})


class Capability(StrEnum):
    VIEW_PEOPLE = "view_people"
    EDIT_PEOPLE = "edit_people"
    VIEW_ORGANISATIONS = "view_organisations"
    VIEW_AUDIT_LOG = "view_audit_log"
    ADMINISTER_USERS = "administer_users"
    VIEW_AGGREGATES = "view_aggregates"
    MANAGE_SETTLEMENT_YEAR = "manage_settlement_year"
    REGISTER_MUNICIPAL_DECISION = "register_municipal_decision"
    MANAGE_SETTLEMENT_CASES = "manage_settlement_cases"
    ANSWER_PROPOSALS = "answer_proposals"
    REGISTER_HOUSING_NOTICES = "register_housing_notices"
    VIEW_SHIELDED_IDENTITIES = "view_shielded_identities"
    FOLLOW_RESIDENTS_SETTLEMENT = "follow_residents_settlement"
    HOLD_SETTLEMENT_INTERVIEWS = "hold_settlement_interviews"
    VIEW_INTRODUCTION_REGISTER = "view_introduction_register"
    RECORD_INTRODUCTION_REGISTER = "record_introduction_register"
    RECORD_REGISTER_FACTS = "record_register_facts"
    MANAGE_INTERPRETER_REGISTER = "manage_interpreter_register"
    VIEW_INTERPRETER_STATISTICS = "view_interpreter_statistics"
    REVIEW_INTERPRETER_APPLICATIONS = "review_interpreter_applications"
    ASSESS_INTERPRETER_NOTICES = "assess_interpreter_notices"
    REPORT_INTERPRETER_NOTICES = "report_interpreter_notices"
    VIEW_GRANTS = "view_grants"
    MANAGE_GRANTS = "manage_grants"
    APPROVE_GRANTS = "approve_grants"
    APPLY_SPECIAL_GRANTS = "apply_special_grants"
    DECIDE_SPECIAL_GRANTS = "decide_special_grants"
    ADMINISTER_GRANT_SCHEMES = "administer_grant_schemes"
    REVIEW_GRANT_APPLICATIONS = "review_grant_applications"
    APPLY_FOR_GRANTS = "apply_for_grants"
    MANAGE_COMPETENCE_REGISTRATIONS = "manage_competence_registrations"
    # Possible duplicates of persons: the review queue, the model, merging and unmerging (issue 18).
    MANAGE_DUPLICATES = "manage_duplicates"
    # The outcome model trained on the platform's own settlements: its model cards, training, activation (issue 19).
    MANAGE_OUTCOME_MODEL = "manage_outcome_model"


class PersonScope(StrEnum):
    """Which people a role's users may see; resolved to a query by `nyinorge.core.access`."""

    NONE = "none"
    ALL = "all"
    OWN_MUNICIPALITY = "own_municipality"
    OWN_RECEPTION_CENTRE = "own_reception_centre"


@dataclass(frozen=True)
class CapabilityInfo:
    label: Promise
    description: Promise
    url_name: str | None


CAPABILITIES: dict[Capability, CapabilityInfo] = {
    Capability.VIEW_PEOPLE: CapabilityInfo(
        _("People"), _("Search the person registry and see the people you are responsible for."), "people:list"
    ),
    Capability.EDIT_PEOPLE: CapabilityInfo(
        _("Register a person"), _("Register a new person with a national identity number or DUF number."), "people:create"
    ),
    Capability.VIEW_ORGANISATIONS: CapabilityInfo(
        _("Organisations"), _("Municipalities, counties and reception centres."), "organisations"
    ),
    Capability.VIEW_AUDIT_LOG: CapabilityInfo(
        _("Audit log"), _("Search who saw or changed personal data, and export the log."), "audit:list"
    ),
    Capability.ADMINISTER_USERS: CapabilityInfo(
        _("Users and roles"), _("Create users, assign roles and unlock accounts."), "admin:index"
    ),
    Capability.MANAGE_SETTLEMENT_CASES: CapabilityInfo(
        _("Settlement queue"), _("Cases ready for settlement, longest-waiting first; propose them to municipalities."),
        "settlement:queue",
    ),
    Capability.MANAGE_SETTLEMENT_YEAR: CapabilityInfo(
        _("Settlement year"), _("Requested, decided and settled persons per municipality, county and nation."),
        "settlement:overview",
    ),
    Capability.ANSWER_PROPOSALS: CapabilityInfo(
        _("Proposals to answer"), _("Cases proposed to your municipality, with what you need to know to answer."),
        "settlement:inbox",
    ),
    Capability.REGISTER_HOUSING_NOTICES: CapabilityInfo(
        _("Housing notices"), _("Report free dwellings the directorate can propose cases to."), "settlement:housing",
    ),
    Capability.FOLLOW_RESIDENTS_SETTLEMENT: CapabilityInfo(
        _("Residents awaiting settlement"), _("Your residents in settlement cases and where each case stands."),
        "settlement:residents",
    ),
    Capability.HOLD_SETTLEMENT_INTERVIEWS: CapabilityInfo(
        _("Settlement interviews"),
        _("Hold the settlement interview (IMDinett mottak) with a person or family; opened from each case."), None,
    ),
    Capability.VIEW_INTRODUCTION_REGISTER: CapabilityInfo(
        _("Introduction register"),
        _("Rights and obligations, introduction programme and Norwegian training; follow-up lists."),
        "register:index",
    ),
    Capability.VIEW_AGGREGATES: CapabilityInfo(
        _("Statistics"),
        _("Settlement key figures, Table 3-1 and the report's figures; downloads as CSV, Excel and PDF."),
        "statistics:index",
    ),
    Capability.MANAGE_INTERPRETER_REGISTER: CapabilityInfo(
        _("Interpreter register"), _("Every interpreter in any status, with evidence, categories and their history."),
        "interpreters:register",
    ),
    Capability.VIEW_INTERPRETER_STATISTICS: CapabilityInfo(
        _("Interpreter statistics"),
        _("Interpreters in the national register by language and category; downloads as CSV and Excel."),
        "interpreters:statistics",
    ),
    Capability.REVIEW_INTERPRETER_APPLICATIONS: CapabilityInfo(
        _("Interpreter applications"),
        _("Review applications to the interpreter register: approve or reject each qualification."),
        "interpreters:review_queue",
    ),
    Capability.ASSESS_INTERPRETER_NOTICES: CapabilityInfo(
        _("Notices about interpreters"),
        _("Assess complaints from public bodies; suspend an interpreter from the public list or lift it."),
        "interpreters:notice_list",
    ),
    Capability.REPORT_INTERPRETER_NOTICES: CapabilityInfo(
        _("Report an interpreter"),
        _("Tell the directorate about a problem with an interpreter from the register."),
        "interpreters:notice_create",
    ),
    Capability.VIEW_GRANTS: CapabilityInfo(
        _("Grants"),
        _("Per-capita grants computed from the registers: per person, scheme and instalment, with the reason for each line."),
        "grants:index",
    ),
    Capability.MANAGE_GRANTS: CapabilityInfo(
        _("Grant runs"), _("Compute the instalments, approve them (a second person) and export the payout file."),
        "grants:runs",
    ),
    Capability.APPLY_SPECIAL_GRANTS: CapabilityInfo(
        _("Special grants"), _("Apply for the special grant for persons with disabilities or behavioural difficulties."),
        "grants:special_list",
    ),
    Capability.DECIDE_SPECIAL_GRANTS: CapabilityInfo(
        _("Special grant decisions"),
        _("Review the municipalities' applications for the special grant and decide them, with written reasons."),
        "grants:special_list",
    ),
    Capability.ADMINISTER_GRANT_SCHEMES: CapabilityInfo(
        _("Grant schemes"),
        _("Calls, eligibility, reviewers, ranking, decisions, grant letters, payments, reports and control for the "
          "application-based schemes you administer."),
        "grants:schemes",
    ),
    Capability.REVIEW_GRANT_APPLICATIONS: CapabilityInfo(
        _("Applications to review"),
        _("Declare your impartiality, then score the applications assigned to you against the scheme's criteria."),
        "grants:reviews",
    ),
    Capability.APPLY_FOR_GRANTS: CapabilityInfo(
        _("Apply for a grant"),
        _("Open calls for your organisation; drafts, submitted applications, decisions, grant letters and reports."),
        "grants:portal",
    ),
    Capability.MANAGE_COMPETENCE_REGISTRATIONS: CapabilityInfo(
        _("Kompass: competence registration"),
        _("Residents aged 16 or more and how far each has come in registering their competence; one-time codes "
          "for logging in, and each registration in bokmål."),
        "competence:staff_residents",
    ),
    Capability.MANAGE_DUPLICATES: CapabilityInfo(
        _("Possible duplicates"),
        _("Persons registered more than once: review the pairs the model finds, merge them or undo a merge."),
        "people:duplicates",
    ),
    Capability.MANAGE_OUTCOME_MODEL: CapabilityInfo(
        _("Outcome model"),
        _("The model of work or education after the programme trained on the platform's settlements: its model "
          "cards (accuracy and calibration, by sex and country group), training and which version the suggestions use."),
        "settlement:outcome_model",
    ),
}


@dataclass(frozen=True)
class RoleDefinition:
    role: Role
    organisation_kinds: frozenset[str]
    capabilities: frozenset[Capability]
    person_scope: PersonScope


ROLE_DEFINITIONS: dict[Role, RoleDefinition] = {
    definition.role: definition
    for definition in [
        RoleDefinition(
            Role.DIRECTORATE_CASEWORKER,
            frozenset({"directorate"}),
            frozenset({
                Capability.VIEW_PEOPLE, Capability.EDIT_PEOPLE, Capability.VIEW_ORGANISATIONS,
                Capability.MANAGE_SETTLEMENT_YEAR, Capability.REGISTER_MUNICIPAL_DECISION,
                Capability.MANAGE_SETTLEMENT_CASES, Capability.HOLD_SETTLEMENT_INTERVIEWS, Capability.VIEW_AGGREGATES,
                Capability.VIEW_INTRODUCTION_REGISTER, Capability.RECORD_REGISTER_FACTS,
                Capability.MANAGE_INTERPRETER_REGISTER, Capability.VIEW_INTERPRETER_STATISTICS,
                Capability.VIEW_GRANTS, Capability.MANAGE_GRANTS, Capability.APPROVE_GRANTS,
                Capability.DECIDE_SPECIAL_GRANTS, Capability.MANAGE_COMPETENCE_REGISTRATIONS,
                Capability.MANAGE_OUTCOME_MODEL,
            }),
            PersonScope.ALL,
        ),
        RoleDefinition(
            Role.DIRECTORATE_ADMINISTRATOR,
            frozenset({"directorate"}),
            frozenset({Capability.VIEW_AUDIT_LOG, Capability.ADMINISTER_USERS, Capability.VIEW_ORGANISATIONS}),
            PersonScope.NONE,
        ),
        RoleDefinition(
            Role.ANALYST,
            frozenset({"directorate", "other"}),
            frozenset({Capability.VIEW_AGGREGATES, Capability.VIEW_ORGANISATIONS, Capability.VIEW_INTERPRETER_STATISTICS}),
            PersonScope.NONE,
        ),
        RoleDefinition(
            Role.MUNICIPALITY_CASEWORKER,
            frozenset({"municipality"}),
            frozenset({
                Capability.VIEW_PEOPLE, Capability.VIEW_ORGANISATIONS, Capability.REGISTER_MUNICIPAL_DECISION,
                Capability.ANSWER_PROPOSALS, Capability.REGISTER_HOUSING_NOTICES,
                Capability.VIEW_INTRODUCTION_REGISTER, Capability.RECORD_INTRODUCTION_REGISTER,
                Capability.ANSWER_PROPOSALS, Capability.REGISTER_HOUSING_NOTICES, Capability.REPORT_INTERPRETER_NOTICES,
                Capability.VIEW_GRANTS, Capability.APPLY_SPECIAL_GRANTS,
            }),
            PersonScope.OWN_MUNICIPALITY,
        ),
        RoleDefinition(
            # Held together with directorate caseworker by the few staff designated to see shielded names.
            Role.SHIELDED_IDENTITY_OFFICER,
            frozenset({"directorate"}),
            frozenset({Capability.VIEW_SHIELDED_IDENTITIES}),
            PersonScope.NONE,
        ),
        RoleDefinition(
            Role.RECEPTION_STAFF,
            frozenset({"reception_centre"}),
            frozenset({Capability.VIEW_PEOPLE, Capability.VIEW_ORGANISATIONS, Capability.FOLLOW_RESIDENTS_SETTLEMENT,
                       Capability.HOLD_SETTLEMENT_INTERVIEWS, Capability.MANAGE_COMPETENCE_REGISTRATIONS}),
            PersonScope.OWN_RECEPTION_CENTRE,
        ),
        RoleDefinition(
            # The directorate's reviewers of the interpreter register: applications, evidence and notices.
            Role.INTERPRETER_REGISTER_REVIEWER,
            frozenset({"directorate"}),
            frozenset({
                Capability.MANAGE_INTERPRETER_REGISTER, Capability.REVIEW_INTERPRETER_APPLICATIONS,
                Capability.ASSESS_INTERPRETER_NOTICES, Capability.REPORT_INTERPRETER_NOTICES,
                Capability.VIEW_INTERPRETER_STATISTICS,
            }),
            PersonScope.NONE,
        ),
        RoleDefinition(
            # The directorate's officers see every scheme; a municipality's officers only the calls delegated to it.
            Role.GRANT_OFFICER,
            frozenset({"directorate", "municipality"}),
            frozenset({Capability.ADMINISTER_GRANT_SCHEMES, Capability.VIEW_ORGANISATIONS}),
            PersonScope.NONE,
        ),
        RoleDefinition(
            # Reviewers see only the applications assigned to them; jury members of the prize may be outsiders.
            Role.GRANT_REVIEWER,
            frozenset({"directorate", "municipality", "other"}),
            frozenset({Capability.REVIEW_GRANT_APPLICATIONS}),
            PersonScope.NONE,
        ),
        RoleDefinition(
            # Whoever applies on behalf of an organisation (ID-porten/Altinn in production, a local login in
            # development): they see their own organisation's applications only.
            Role.GRANT_APPLICANT,
            frozenset({"municipality", "county", "voluntary", "employer", "other"}),
            frozenset({Capability.APPLY_FOR_GRANTS}),
            PersonScope.NONE,
        ),
        RoleDefinition(
            # Reviews the possible duplicates of the whole registry and merges or unmerges persons.
            Role.DATA_QUALITY_OFFICER,
            frozenset({"directorate"}),
            frozenset({Capability.VIEW_PEOPLE, Capability.VIEW_ORGANISATIONS, Capability.MANAGE_DUPLICATES}),
            PersonScope.ALL,
        ),
    ]
}
