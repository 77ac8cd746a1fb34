"""Grant schemes and their rates as versioned data: one row per budget year, scheme, rate group and year after
settlement, each with its legal source (and marked where the number is assumed, not found)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Scheme(models.TextChoices):
    INTEGRATION = "integration", _("Integration grant")
    ELDERLY = "elderly", _("Grant for the elderly")
    KINDERGARTEN = "kindergarten", _("Kindergarten grant")
    UNACCOMPANIED_MINOR = "unaccompanied_minor", _("Special grant for unaccompanied minors")
    NORWEGIAN_TRAINING = "norwegian_training", _("Grant for Norwegian and social studies training")
    NORWEGIAN_BASIC = "norwegian_basic", _("Basic grant for Norwegian training")
    DISABILITY_ONE_OFF = "disability_1", _("Special grant for disabilities or behavioural difficulties (grant 1)")
    DISABILITY_YEARLY = "disability_2", _("Special grant for disabilities or behavioural difficulties (grant 2)")


# The budget chapter and post each scheme is paid from (Prop. 1 S, the directorate's chapters 291 and 292).
SCHEME_POSTS: dict[str, tuple[int, int]] = {
    Scheme.INTEGRATION: (291, 60),
    Scheme.ELDERLY: (291, 60),
    Scheme.KINDERGARTEN: (291, 60),
    Scheme.DISABILITY_ONE_OFF: (291, 60),
    Scheme.DISABILITY_YEARLY: (291, 60),
    Scheme.UNACCOMPANIED_MINOR: (291, 61),
    Scheme.NORWEGIAN_TRAINING: (292, 60),
    Scheme.NORWEGIAN_BASIC: (292, 60),
}


class GrantRate(models.Model):
    """One rate: NOK per person and year (or once, or per municipality) for a group in a year after settlement."""

    class Unit(models.TextChoices):
        PER_PERSON_YEAR = "per_person_year", _("per person and year")
        ONE_OFF = "one_off", _("once per person")
        PER_MUNICIPALITY = "per_municipality", _("per municipality and year")

    budget_year = models.PositiveSmallIntegerField(_("budget year"))
    scheme = models.CharField(_("scheme"), max_length=30, choices=Scheme.choices)
    rate_group = models.CharField(_("rate group"), max_length=40)
    year_after_settlement = models.PositiveSmallIntegerField(_("year after settlement"), default=0,
                                                            help_text=_("0 where the rate does not depend on it."))
    amount = models.DecimalField(_("amount (NOK)"), max_digits=12, decimal_places=0)
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    source = models.CharField(_("source"), max_length=500)
    assumed = models.BooleanField(_("assumed"), default=False,
                                  help_text=_("The number was not found in the source and is an estimate."))

    class Meta:
        verbose_name = _("grant rate")
        verbose_name_plural = _("grant rates")
        ordering = ["budget_year", "scheme", "rate_group", "year_after_settlement"]
        constraints = [models.UniqueConstraint(fields=["budget_year", "scheme", "rate_group", "year_after_settlement"],
                                               name="one_rate_per_year_scheme_group_and_year")]

    def __str__(self) -> str:
        return f"{self.budget_year} {self.scheme} {self.rate_group} y{self.year_after_settlement}: {self.amount}"

    @property
    def chapter_post(self) -> tuple[int, int]:
        return SCHEME_POSTS[self.scheme]
