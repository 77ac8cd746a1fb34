from django import template

from nyinorge.register.rules import category_label

register = template.Library()


@register.filter
def category(code: str) -> str:
    """The translated name of a legal-basis category."""
    return category_label(code)


@register.filter
def yes_no_mark(value: bool) -> str:
    return "✓" if value else "–"


@register.filter
def record_type(model_label: str) -> str:
    """The translated name of a record type from its model label (e.g. register.traininghours)."""
    from django.apps import apps

    try:
        return str(apps.get_model(model_label)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return model_label
