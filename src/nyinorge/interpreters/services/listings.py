"""The public listing rows (`Listing`): rebuilt for one interpreter inside the transaction that changed them."""

from nyinorge.interpreters.models import Interpreter, InterpreterLanguage, Listing


def search_name_of(text: str) -> str:
    """What name search compares: lower case, single spaces."""
    return " ".join(text.casefold().split())


def listings_refresh(*, interpreter: Interpreter) -> int:
    """Replace the interpreter's public listings: one per qualified language while listed, with consented fields only."""
    Listing.objects.filter(interpreter=interpreter).delete()
    if interpreter.status != Interpreter.Status.ACTIVE:
        return 0
    municipality = interpreter.municipality if interpreter.publish_municipality else None
    rows = [
        Listing(
            interpreter_language=language,
            interpreter=interpreter,
            language=language.language,
            variant=language.variant,
            category=language.category,
            category_rank=language.category_rank,
            rule_version=language.rule_version,
            name=interpreter.full_name,
            search_name=search_name_of(interpreter.full_name),
            email=interpreter.email if interpreter.publish_email else "",
            phone=interpreter.phone if interpreter.publish_phone else "",
            municipality_id=municipality.pk if municipality else None,
            county_id=municipality.county_id if municipality else None,
            remote_screen=interpreter.remote_screen,
            remote_phone=interpreter.remote_phone,
        )
        for language in InterpreterLanguage.objects.filter(interpreter=interpreter, category_rank__gt=0)
    ]
    Listing.objects.bulk_create(rows)
    return len(rows)
