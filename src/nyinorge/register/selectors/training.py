"""Hours done against what the law or the reception scheme requires."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from nyinorge.core.models import Person
from nyinorge.register.models import RECEPTION_HOURS, HoursType, TrainingHours, TrainingKind


@dataclass(frozen=True)
class HoursProgress:
    kind: str
    label: str
    required: int
    done: Decimal

    @property
    def completed(self) -> bool:
        return self.required > 0 and self.done >= self.required

    @property
    def remaining(self) -> Decimal:
        return max(Decimal(self.required) - self.done, Decimal(0))


RECEPTION_HOURS_TYPE = {
    TrainingKind.RECEPTION_NORWEGIAN: HoursType.RECEPTION_NORWEGIAN,
    TrainingKind.RECEPTION_CULTURE_VALUES: HoursType.RECEPTION_CULTURE_VALUES,
}


def hours_by_type(*, person: Person) -> dict[str, Decimal]:
    """The person's registered hours per hours type, all municipalities together."""
    rows = TrainingHours.objects.filter(person=person).values("hours_type").annotate(total=Sum("hours"))
    return {row["hours_type"]: row["total"] for row in rows}


def reception_training_progress(*, person: Person) -> list[HoursProgress]:
    """Hours done of the 175 hours of Norwegian and 50 of culture and values for asylum seekers (seed 3.2)."""
    done = hours_by_type(person=person)
    return [
        HoursProgress(kind=kind, label=str(TrainingKind(kind).label), required=required,
                      done=done.get(RECEPTION_HOURS_TYPE[kind], Decimal(0)))
        for kind, required in RECEPTION_HOURS.items()
    ]
