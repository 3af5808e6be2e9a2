"""Choice lists shared by models, forms, the API and the engine mapping."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    OPEN = "open", _("Open")
    CONTAINED = "contained", _("Contained")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


# The lifecycle only moves forward (open → contained → resolved → closed), one step or more.
STATUS_ORDER = [Status.OPEN, Status.CONTAINED, Status.RESOLVED, Status.CLOSED]


class ProcessingRole(models.TextChoices):
    CONTROLLER = "controller", _("Controller")
    PROCESSOR = "processor", _("Processor")
    JOINT = "joint", _("Joint controller")


class RiskLevel(models.TextChoices):
    UNLIKELY = "unlikely", _("Unlikely to result in a risk")
    RISK = "risk", _("Risk")
    HIGH = "high", _("High risk")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    VERY_HIGH = "very_high", _("Very high")


class BreachType(models.TextChoices):
    CONFIDENTIALITY = "confidentiality", _("Confidentiality")
    INTEGRITY = "integrity", _("Integrity")
    AVAILABILITY = "availability", _("Availability")


class RootCause(models.TextChoices):
    HUMAN_ERROR = "human_error", _("Human error")
    SYSTEM_VULNERABILITY = "system_vulnerability", _("System vulnerability")
    INSIDER = "insider", _("Insider")
    CYBER_ATTACK = "cyber_attack", _("Cyber attack")
    PHYSICAL_THEFT = "physical_theft", _("Physical theft")
    THIRD_PARTY = "third_party", _("Third party")


class IncidentType(models.TextChoices):
    RANSOMWARE = "ransomware", _("Ransomware")
    PHISHING = "phishing", _("Phishing")
    EXPLOITED_VULNERABILITY = "exploited_vulnerability", _("Exploited vulnerability")
    MISDELIVERY = "misdelivery", _("Misdelivery")
    EMAIL_WITHOUT_BCC = "email_without_bcc", _("E-mail without BCC")
    MISCONFIGURATION = "misconfiguration", _("Misconfiguration")
    LOST_DEVICE = "lost_device", _("Lost or stolen device")
    PAPER_LOST = "paper_lost", _("Paper lost")
    INSIDER = "insider", _("Insider misuse")
    SOCIAL_ENGINEERING = "social_engineering", _("Social engineering")
    PROCESSOR_BREACH = "processor_breach", _("Breach at a processor")
    OTHER = "other", _("Other")


class DiscoveredBy(models.TextChoices):
    OWN_DETECTION = "own_detection", _("Own detection")
    PROCESSOR = "processor", _("A processor")
    DATA_SUBJECT = "data_subject", _("A data subject")
    THIRD_PARTY = "third_party", _("A third party")
    PRESS = "press", _("The press")
    OTHER = "other", _("Other")


class SubjectCategory(models.TextChoices):
    CUSTOMERS = "customers", _("Customers")
    EMPLOYEES = "employees", _("Employees")
    MINORS = "minors", _("Minors")
    PATIENTS = "patients", _("Patients")
    STUDENTS = "students", _("Students")
    USERS = "users", _("Users")
    VULNERABLE = "vulnerable", _("Vulnerable people")


class DataCategory(models.TextChoices):
    # ENISA data-processing-context groups: simple (1), behavioural (2), financial (3), sensitive (4).
    IDENTIFICATION = "identification", _("Identification data")
    CONTACT = "contact", _("Contact details")
    EDUCATION_CAREER = "education_career", _("Education and career")
    LOCATION = "location", _("Location data")
    BEHAVIOURAL = "behavioural", _("Behavioural data")
    TRAFFIC = "traffic", _("Traffic data")
    FINANCIAL = "financial", _("Financial data")
    PAYMENT_CARD = "payment_card", _("Payment card data")
    CREDENTIALS = "credentials", _("Credentials")
    NATIONAL_ID = "national_id", _("National ID numbers")
    OFFICIAL_DOCUMENTS = "official_documents", _("Official documents")
    HEALTH = "health", _("Health data")
    GENETIC_BIOMETRIC = "genetic_biometric", _("Genetic or biometric data")
    POLITICAL = "political", _("Political opinions")
    RELIGIOUS = "religious", _("Religious beliefs")
    SEX_LIFE = "sex_life", _("Sex life or orientation")
    ETHNIC = "ethnic", _("Racial or ethnic origin")
    TRADE_UNION = "trade_union", _("Trade-union membership")
    CRIMINAL = "criminal", _("Criminal convictions (Art. 10)")
    CHILDREN = "children", _("Children's data")


class CacGrade(models.TextChoices):
    ESPECIALLY_MAJOR = "especially_major", _("Especially major (特别重大)")
    MAJOR = "major", _("Major (重大)")
    RELATIVELY_MAJOR = "relatively_major", _("Relatively major (较大)")
    BELOW_THRESHOLD = "below_threshold", _("General (一般)")


class TaskStatus(models.TextChoices):
    # A context, because "Open" is worded differently for a task than for an incident in Chinese.
    OPEN = "open", pgettext_lazy("task status", "Open")
    IN_PROGRESS = "in_progress", _("In progress")
    BLOCKED = "blocked", _("Blocked")
    DONE = "done", _("Done")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


# Statuses in which a task still needs work (and can be overdue).
TASK_OPEN_STATUSES = (TaskStatus.OPEN, TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED)


class DueAnchor(models.TextChoices):
    DETECTED = "detected", _("Detection")
    AWARE = "aware", _("Awareness")
    OBLIGATION = "obligation", _("An obligation's due time")


def due_anchor_constraints(prefix: str) -> list[models.CheckConstraint]:
    """An anchored due time needs an offset, and an obligation anchor needs its rule id."""
    return [
        models.CheckConstraint(
            condition=models.Q(due_anchor="") | models.Q(due_offset_minutes__isnull=False),
            name=f"{prefix}_anchor_has_offset",
        ),
        models.CheckConstraint(
            condition=~models.Q(due_anchor=DueAnchor.OBLIGATION) | ~models.Q(due_anchor_rule_id=""),
            name=f"{prefix}_obligation_anchor_has_rule",
        ),
    ]


class Nis2Entity(models.TextChoices):
    # NIS2 Directive Art. 3: essential and important entities.
    ESSENTIAL = "essential", _("Essential entity")
    IMPORTANT = "important", _("Important entity")
