"""The organisations people belong to, and the assessment register: parties and assessments.

One table holds every organisation: an SEC party under assessment, the DCC, SECAS, a
consultancy. An organisation named as the party of an assessment or a decision is an assessed
party; one made as somebody's employer is just an organisation.
"""

from django.core.exceptions import ValidationError
from django.db import models

from classification.levels import Level
from classification.models import Classified
from classification.visibility import OrganisationQuerySet, RegisterQuerySet


class UserRole(models.TextChoices):
    IMPORT_SUPPLIER = "import_supplier", "Import Supplier"
    EXPORT_SUPPLIER = "export_supplier", "Export Supplier"
    GAS_SUPPLIER = "gas_supplier", "Gas Supplier"
    ELECTRICITY_DISTRIBUTOR = "electricity_distributor", "Electricity Distributor"
    GAS_TRANSPORTER = "gas_transporter", "Gas Transporter"
    OTHER_USER = "other_user", "Other User"
    REGISTERED_SUPPLIER_AGENT = "registered_supplier_agent", "Registered Supplier Agent"


def validate_user_roles(roles):
    unknown = [role for role in roles if role not in UserRole.values]
    if not isinstance(roles, list) or unknown:
        raise ValidationError(
            f"Unknown user role(s) {', '.join(map(str, unknown))}; "
            f"expected any of {', '.join(UserRole.values)}."
        )


class Organisation(Classified):
    """An organisation: an SEC party, the DCC, SECAS or another, and the employer of users.

    Its name is RED by default where the register or a decision names it as a party
    (`assessments.services.party_named`); an organisation made as an employer is GREEN.
    """

    class Kind(models.TextChoices):
        SEC_PARTY = "sec_party", "SEC party"
        DCC = "dcc", "DCC"
        SECAS = "secas", "SECAS"
        OTHER = "other", "Other"

    classification_children = ("assessments", "decisions")

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SEC_PARTY)
    sec_party_id = models.CharField("SEC party id", max_length=40, blank=True)
    user_roles = models.JSONField(default=list, blank=True, validators=[validate_user_roles])
    uses_shared_resource_provider = models.BooleanField(default=False)
    level = models.PositiveSmallIntegerField(
        "classification", choices=Level.choices, default=Level.RED
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Assessment(Classified):
    class Kind(models.TextChoices):
        FUSA = "fusa", "Full User Security Assessment (FUSA)"
        VUSA = "vusa", "Verification User Security Assessment (VUSA)"
        SSA = "ssa", "Security Self-Assessment (SSA)"

    classification_parents = ("party",)

    party = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="assessments")
    # Whose record it is: its members (AMBER) and secretariat see it. None: the secretariat's.
    committee = models.ForeignKey(
        "committees.Committee",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
        help_text="The committee whose record it is: its members see it up to AMBER.",
    )
    # Where the committee considers it: the party's employees who attend are flagged to the
    # secretariat as having a conflict of interest at that item (interests.selectors).
    item = models.ForeignKey(
        "meetings.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
        verbose_name="considered at",
        help_text="The agenda item at which the committee considers it.",
    )
    kind = models.CharField(max_length=4, choices=Kind.choices)
    user_roles = models.JSONField(default=list, blank=True, validators=[validate_user_roles])
    assessor = models.CharField(max_length=120, default="User CIO")
    fieldwork_start = models.DateField(null=True, blank=True)
    fieldwork_end = models.DateField(null=True, blank=True)
    report_received = models.DateField(null=True, blank=True)
    level = models.PositiveSmallIntegerField(
        "classification", choices=Level.choices, default=Level.RED
    )

    objects = RegisterQuerySet.as_manager()

    class Meta:
        ordering = ["party", "-fieldwork_start"]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.party}"

    def clean(self):
        super().clean()
        if (
            self.fieldwork_start
            and self.fieldwork_end
            and self.fieldwork_end < self.fieldwork_start
        ):
            raise ValidationError({"fieldwork_end": "Fieldwork cannot end before it starts."})
        if self.item_id and self.committee_id:
            meeting = self.item.meeting
            if meeting.committee_id != self.committee_id:
                raise ValidationError(
                    {
                        "item": f"Item {self.item.number} is on the agenda of {meeting}, "
                        "another committee's meeting: choose an item of the committee whose "
                        "record the assessment is."
                    }
                )
