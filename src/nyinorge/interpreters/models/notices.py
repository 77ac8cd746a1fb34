"""Notices (complaints) from public bodies about an interpreter, their assessment and outcome."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nyinorge.interpreters.models.register import Interpreter
from nyinorge.interpreters.workflows.notices import NoticeState


class Notice(models.Model):
    State = NoticeState

    class Topic(models.TextChoices):
        CONDUCT = "conduct", _("Conduct or punctuality")
        ACCURACY = "accuracy", _("Accuracy of the interpreting")
        IMPARTIALITY = "impartiality", _("Impartiality or conflict of interest")
        CONFIDENTIALITY = "confidentiality", _("Breach of confidentiality")
        OTHER = "other", _("Other")

    interpreter = models.ForeignKey(Interpreter, on_delete=models.PROTECT, related_name="notices",
                                    verbose_name=_("interpreter"))
    state = models.CharField(_("state"), max_length=20, choices=NoticeState.choices, default=NoticeState.REGISTERED,
                             db_index=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    assignment_date = models.DateField(_("date of the assignment"))
    description = models.TextField(_("what happened"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("registered by"))
    reporting_organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+",
                                               verbose_name=_("public body"))
    outcome_reason = models.TextField(_("reason for the outcome"), blank=True)
    # The interpreter's own statement (the right to be heard before a decision, forvaltningsloven § 16).
    interpreter_comment = models.TextField(_("the interpreter's comment"), blank=True)
    commented_at = models.DateTimeField(_("commented"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self) -> str:
        return f"{self.interpreter} – {self.get_topic_display()} ({self.get_state_display()})"


class NoticeEvent(models.Model):
    """One step of a notice through its workflow, with who took it and why."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="events")
    name = models.CharField(_("action"), max_length=20)
    from_state = models.CharField(_("from"), max_length=20, choices=NoticeState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=NoticeState.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("by"))
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("notice event")
        verbose_name_plural = _("notice events")
