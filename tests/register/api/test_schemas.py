"""WS4's record schemas carry exactly the register's writable fields, so a new field cannot be missed."""

from nyinorge.register.api.schemas import RECORD_SCHEMAS, RecordIn
from nyinorge.register.models import RECORD_MODELS
from nyinorge.register.services.ws4 import RECORD_KINDS


def test_every_record_kind_has_a_schema_with_the_models_writable_fields():
    assert set(RECORD_SCHEMAS) == set(RECORD_MODELS) == set(RECORD_KINDS)
    common = set(RecordIn.model_fields)
    for kind, (_path, schema) in RECORD_SCHEMAS.items():
        fields = set(schema.model_fields) - common
        assert fields == set(RECORD_MODELS[kind].WRITABLE_FIELDS) | set(RECORD_KINDS[kind].children), kind
