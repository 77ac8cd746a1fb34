from nyinorge.core.models.api_clients import ApiClient
from nyinorge.core.models.audit import AuditEntry, AuditSubject
from nyinorge.core.models.documents import StoredDocument
from nyinorge.core.models.duplicates import DedupModelVersion, DuplicatePair, PersonMatchKey
from nyinorge.core.models.idempotency import IdempotencyKey
from nyinorge.core.models.merges import PersonMerge
from nyinorge.core.models.organisations import County, Municipality, Organisation, ReceptionCentre
from nyinorge.core.models.people import FamilyRelation, Person
from nyinorge.core.models.users import RoleAssignment, User

__all__ = [
    "ApiClient",
    "AuditEntry",
    "AuditSubject",
    "County",
    "DedupModelVersion",
    "DuplicatePair",
    "FamilyRelation",
    "IdempotencyKey",
    "Municipality",
    "Organisation",
    "Person",
    "PersonMatchKey",
    "PersonMerge",
    "ReceptionCentre",
    "RoleAssignment",
    "StoredDocument",
    "User",
]
