"""The shared date rule (`nyinorge.core.dates`): its bounds, and that every date input in the code is under it."""

import datetime
import importlib
import pkgutil
from typing import Annotated, get_args, get_origin

import pytest
import time_machine
from django import forms
from django.core.exceptions import ValidationError
from ninja import Schema
from pydantic import TypeAdapter
from pydantic import ValidationError as SchemaError

import nyinorge
from nyinorge.core.dates import (
    SANE_DATE_MIN, SANE_VALIDATORS, SaneDate, SaneDateField, SaneDateTime, date_from_query, deadline_after,
    validate_sane_date,
    year_from_query,
)
from nyinorge.register.forms import record_form_class
from nyinorge.register.models import RECORD_MODELS

pytestmark = pytest.mark.django_db  # the session fixtures load reference data

TODAY = datetime.date(2026, 3, 1)
LAST = datetime.date(2036, 3, 1)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.mark.parametrize("day,sane", [
    (SANE_DATE_MIN, True), (SANE_DATE_MIN - datetime.timedelta(days=1), False), (TODAY, True), (LAST, True),
    (LAST + datetime.timedelta(days=1), False), (datetime.date.min, False), (datetime.date.max, False),
])
def test_the_rule_holds_from_1900_to_ten_years_ahead_for_forms_schemas_and_queries(day, sane):
    assert SaneDateField(required=True).clean(day.isoformat()) == day if sane else True
    if not sane:
        with pytest.raises(ValidationError):
            validate_sane_date(day)
        with pytest.raises(SchemaError):
            TypeAdapter(SaneDate).validate_python(day.isoformat())
    else:
        assert TypeAdapter(SaneDate).validate_python(day.isoformat()) == day
    assert date_from_query(day.isoformat()) == (day if sane else None)


def test_times_and_years_follow_the_same_rule():
    adapter = TypeAdapter(SaneDateTime)
    assert adapter.validate_python("2019-01-01T00:00:00+01:00").year == 2019
    for moment in ("0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"):
        with pytest.raises(SchemaError):
            adapter.validate_python(moment)
    assert [year_from_query(raw) for raw in ("2019", "1899", "2036", "2037", "99999", "x", "")] == [
        2019, None, 2036, None, None, None, None]


def _import_all() -> None:
    for module in pkgutil.walk_packages(nyinorge.__path__, "nyinorge."):
        if ".migrations." not in module.name and not module.name.startswith("nyinorge.matching"):
            importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_form_date_field_is_under_the_rule():
    _import_all()
    classes = [cls for cls in _subclasses(forms.BaseForm) if cls.__module__.startswith("nyinorge")]
    classes += [record_form_class(kind) for kind in RECORD_MODELS]
    unchecked = [f"{cls.__module__}.{cls.__name__}.{name}" for cls in classes
                 for name, field in getattr(cls, "base_fields", {}).items()
                 if isinstance(field, forms.DateField) and validate_sane_date not in field.validators]
    assert len(classes) > 10 and unchecked == []


def _unchecked(annotation, metadata=()) -> bool:
    if annotation in (datetime.date, datetime.datetime):
        return not any(getattr(item, "func", None) in SANE_VALIDATORS for item in metadata)
    if get_origin(annotation) is Annotated:
        base, *extra = get_args(annotation)
        return _unchecked(base, extra)
    return any(_unchecked(argument) for argument in get_args(annotation))


def test_every_api_input_date_is_under_the_rule():
    _import_all()
    inputs = [cls for cls in _subclasses(Schema)
              if cls.__module__.startswith("nyinorge") and cls.__name__.endswith(("In", "Query"))]
    unchecked = [f"{cls.__name__}.{name}" for cls in inputs for name, field in cls.model_fields.items()
                 if _unchecked(field.annotation, field.metadata)]
    assert len(inputs) > 10 and unchecked == []


@pytest.mark.parametrize("decided, deadline", [
    (datetime.date(2026, 12, 7), datetime.date(2026, 12, 28)),  # a Monday three weeks on
    (datetime.date(2026, 11, 14), datetime.date(2026, 12, 7)),  # ends on a Saturday: the Monday after
    (datetime.date(2026, 12, 4), datetime.date(2026, 12, 28)),  # ends on Christmas Day: past 26th and the Sunday
    (datetime.date(2026, 4, 15), datetime.date(2026, 5, 6)),
    (datetime.date(2026, 4, 26), datetime.date(2026, 5, 18)),  # ends on 17 May (a Sunday and the national day)
])
def test_a_deadline_ending_on_a_weekend_or_public_holiday_runs_to_the_next_working_day(decided, deadline):
    assert deadline_after(decided, weeks=3) == deadline
