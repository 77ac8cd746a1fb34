"""`{% load resident_i18n %}` on the residents' pages: `{% translate "..." %}` with a visible fallback.

The tag keeps the name and syntax of Django's, so `makemessages` extracts the texts as usual; it renders through
`competence.resident_i18n.resident_text` instead (a missing translation in English, marked `lang="en"`).
"""

from django import template

from nyinorge.competence import resident_i18n

register = template.Library()


class ResidentTextNode(template.Node):
    def __init__(self, msgid: str, context: str | None, variable: str | None):
        self.msgid, self.context, self.variable = msgid, context, variable

    def render(self, context):
        text = resident_i18n.resident_text(self.msgid, self.context)
        if self.variable:
            context[self.variable] = text
            return ""
        return text


@register.tag("translate")
def do_translate(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'":
        raise template.TemplateSyntaxError("resident translate takes a quoted text")
    msgid, context, variable = bits[1][1:-1], None, None
    rest = bits[2:]
    while rest:
        word = rest.pop(0)
        if word == "context":
            context = rest.pop(0)[1:-1]
        elif word == "as":
            variable = rest.pop(0)
        else:
            raise template.TemplateSyntaxError(f"resident translate: unexpected {word!r}")
    return ResidentTextNode(msgid, context, variable)


@register.filter
def rt(value):
    """A lazy label (a code list's choice, a section's name) through the visible fallback."""
    return resident_i18n.resident_text(value)


@register.simple_tag
def rt_missing():
    return resident_i18n.missing_count()
