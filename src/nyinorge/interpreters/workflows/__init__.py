"""The interpreter register's workflows as data: applications (with per-evidence review) and notices.

The transitions are `core.workflow` transitions; `access_review` says who each actor is and binds the tables
into the engine's workflows.
"""

# Who takes a transition: the interpreter who owns the application, a directorate reviewer of the
# interpreter register, or the public body that registered a notice.
APPLICANT = "applicant"
REVIEWER = "reviewer"
COMPLAINANT = "complainant"
